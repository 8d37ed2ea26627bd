package org.ferry.bench.ceiling;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.rocksdb.CompressionType;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The store's ceiling (JMH): synced {@link WriteBatch}es the shape of one message send (log entry, chat head
 * counter, idempotency key; ~300 bytes) against a RocksDB opened like Ferry's. Run with 1 thread for the
 * one-fsync-per-write rate, and with many to see RocksDB's group commit: concurrent synced writers share one WAL
 * fsync. The directory is {@code -Dferry.bench.dir} (default: the system temp directory).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RocksDbWriteBenchmark {
    @Param({"200"})
    public int textBytes;

    private Path dir;
    private Options options;
    private RocksDB db;
    private WriteOptions sync;
    private final AtomicLong keys = new AtomicLong();
    private byte[] text;

    @Setup(Level.Trial)
    public void open() throws IOException, RocksDBException {
        RocksDB.loadLibrary();
        Path parent = Path.of(System.getProperty("ferry.bench.dir", System.getProperty("java.io.tmpdir")));
        Files.createDirectories(parent);
        dir = Files.createTempDirectory(parent, "rocksdb-ceiling");
        options = new Options().setCreateIfMissing(true).setIncreaseParallelism(2).setMaxBackgroundJobs(2)
                .setWriteBufferSize(16L << 20).setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setBytesPerSync(1L << 20);
        db = RocksDB.open(options, dir.toString());
        sync = new WriteOptions().setSync(true);
        text = new byte[textBytes];
    }

    @Benchmark
    public void syncedBatch() throws RocksDBException {
        long k = keys.incrementAndGet();
        long chat = k & 1023;
        try (WriteBatch batch = new WriteBatch()) {
            batch.put(key('m', chat, k), text);
            batch.put(key('h', chat, 0), ByteBuffer.allocate(8).putLong(k).array());
            batch.put(key('r', chat, k * 31), ByteBuffer.allocate(8).putLong(k).array());
            db.write(sync, batch);
        }
    }

    private static byte[] key(char family, long a, long b) {
        return ByteBuffer.allocate(17).put((byte) family).putLong(a).putLong(b).array();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        sync.close();
        db.close();
        options.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
