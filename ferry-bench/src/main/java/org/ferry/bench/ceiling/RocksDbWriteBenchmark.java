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

    /**
     * RocksDB's default: a writer waiting to join a write group spins and yields for up to 100 µs before it
     * blocks. Cheap with idle cores, costly with many writers on two cores shared with everything else.
     */
    @Param({"true"})
    public boolean adaptiveYield;

    private Path dir;
    private Options options;
    private RocksDB db;
    private WriteOptions sync;
    private final AtomicLong keys = new AtomicLong();
    private byte[] text;
    private Committer committer;

    @Setup(Level.Trial)
    public void open() throws IOException, RocksDBException {
        RocksDB.loadLibrary();
        Path parent = Path.of(System.getProperty("ferry.bench.dir", System.getProperty("java.io.tmpdir")));
        Files.createDirectories(parent);
        dir = Files.createTempDirectory(parent, "rocksdb-ceiling");
        options = new Options().setCreateIfMissing(true).setIncreaseParallelism(2).setMaxBackgroundJobs(2)
                .setWriteBufferSize(16L << 20).setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setBytesPerSync(1L << 20).setEnableWriteThreadAdaptiveYield(adaptiveYield);
        db = RocksDB.open(options, dir.toString());
        sync = new WriteOptions().setSync(true);
        text = new byte[textBytes];
        committer = new Committer(db, sync);
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

    /**
     * The same rows, committed the other way round: the calling thread hands its rows to one committer thread,
     * which writes everything pending as one synced batch (one JNI call, one fsync) and wakes the callers. Measures
     * an application-level group commit against RocksDB's own.
     */
    @Benchmark
    public void committerThread() throws Exception {
        long k = keys.incrementAndGet();
        long chat = k & 1023;
        byte[][] rows = {key('m', chat, k), text, key('h', chat, 0), ByteBuffer.allocate(8).putLong(k).array(),
                key('r', chat, k * 31), ByteBuffer.allocate(8).putLong(k).array()};
        committer.commit(rows).get();
    }

    /** One thread that drains pending rows into a single synced write per round. */
    static final class Committer implements AutoCloseable {
        private record Pending(byte[][] rows, java.util.concurrent.CompletableFuture<Void> done) {
        }

        private final java.util.concurrent.LinkedBlockingQueue<Pending> queue =
                new java.util.concurrent.LinkedBlockingQueue<>();
        private final Thread thread;
        private volatile boolean closed;

        Committer(RocksDB db, WriteOptions sync) {
            thread = Thread.ofPlatform().daemon().name("committer").start(() -> {
                java.util.List<Pending> group = new java.util.ArrayList<>();
                while (!closed) {
                    try {
                        Pending first = queue.poll(50, TimeUnit.MILLISECONDS);
                        if (first == null) {
                            continue;
                        }
                        group.add(first);
                        queue.drainTo(group);
                        try (WriteBatch batch = new WriteBatch()) {
                            for (Pending p : group) {
                                for (int i = 0; i < p.rows.length; i += 2) {
                                    batch.put(p.rows[i], p.rows[i + 1]);
                                }
                            }
                            db.write(sync, batch);
                        }
                        group.forEach(p -> p.done.complete(null));
                    } catch (InterruptedException e) {
                        return;
                    } catch (RocksDBException e) {
                        group.forEach(p -> p.done.completeExceptionally(e));
                    }
                    group.clear();
                }
            });
        }

        java.util.concurrent.CompletableFuture<Void> commit(byte[][] rows) {
            java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
            queue.add(new Pending(rows, done));
            return done;
        }

        @Override
        public void close() throws InterruptedException {
            closed = true;
            thread.interrupt();
            thread.join();
        }
    }

    private static byte[] key(char family, long a, long b) {
        return ByteBuffer.allocate(17).put((byte) family).putLong(a).putLong(b).array();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException, InterruptedException {
        committer.close();
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
