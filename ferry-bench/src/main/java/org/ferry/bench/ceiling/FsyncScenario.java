package org.ferry.bench.ceiling;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ferry.bench.load.Latency;
import org.ferry.bench.report.PhaseSummary;
import org.ferry.bench.scenario.Context;
import org.ferry.bench.scenario.Scenario;

/**
 * {@code fsync}: the disk's ceiling for durable acks. One thread appends {@code --size} bytes to a temp file in
 * {@code --dir} and calls {@code fdatasync} (FileChannel.force(false)), as RocksDB does for each WAL group commit,
 * for {@code --duration}. Without group commit, a store that syncs every write can do no better than this rate.
 * {@code --mode=overwrite} instead writes over a file filled (and synced) beforehand, as RocksDB does in a recycled
 * WAL file: the file's size and blocks do not change, so the fdatasync has no inode to write. Reports the thread's
 * CPU per fsync too.
 */
public final class FsyncScenario implements Scenario {
    @Override
    public boolean needsFerry() {
        return false;
    }

    @Override
    public Map<String, Object> run(Context ctx) throws Exception {
        Path dir = Path.of(ctx.options().string("dir", ctx.outDir().toString()));
        int size = ctx.options().integer("size", 512);
        String mode = ctx.options().string("mode", "append");
        if (!mode.equals("append") && !mode.equals("overwrite")) {
            throw new IllegalArgumentException("--mode must be append or overwrite, was " + mode);
        }
        long fileBytes = Math.max(size, ctx.options().integer("file-mb", 64) * 1024L * 1024L) / size * size;
        Duration duration = ctx.options().duration("duration", Duration.ofSeconds(10));
        Files.createDirectories(dir);
        Path file = Files.createTempFile(dir, "fsync-probe", ".dat");
        Latency latency = ctx.metrics().latency("fsync");
        ByteBuffer block = ByteBuffer.allocateDirect(size);
        ctx.timeline().phase("run");
        long n = 0;
        long cpuNanos = 0;
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            if (mode.equals("overwrite")) {
                fill(ch, fileBytes);
            }
            long position = mode.equals("overwrite") ? 0 : ch.size();
            long cpu0 = threads.getCurrentThreadCpuTime();
            long end = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                block.clear();
                while (block.hasRemaining()) {
                    position += ch.write(block, position);
                }
                ch.force(false);
                if (mode.equals("overwrite") && position >= fileBytes) {
                    position = 0;
                }
                latency.since(t0);
                ctx.metrics().count("fsyncs");
                n++;
            }
            cpuNanos = threads.getCurrentThreadCpuTime() - cpu0;
        } finally {
            ctx.timeline().phase("done");
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file; the next run does not care
            }
        }
        PhaseSummary run = PhaseSummary.of(ctx.timeline().seconds()).stream()
                .filter(p -> p.phase().equals("run")).findFirst().orElseThrow();
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("directory", dir.toAbsolutePath().toString());
        results.put("mode", mode);
        results.put("bytesPerWrite", size);
        results.put("fsyncs", n);
        results.put("fsyncsPerSecond", Math.round(n * 10_000.0 / duration.toMillis()) / 10.0);
        results.put("fsyncP50Ms", run.latencies().get("fsync").p50());
        results.put("fsyncP99Ms", run.latencies().get("fsync").p99());
        results.put("cpuMicrosPerFsync", n == 0 ? 0 : Math.round(cpuNanos / 100.0 / n) / 10.0);
        return results;
    }

    /** Writes {@code bytes} of zeros and syncs them, so that later writes land on allocated, written blocks. */
    private static void fill(FileChannel ch, long bytes) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
        long position = 0;
        while (position < bytes) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), bytes - position));
            position += ch.write(zeros, position);
        }
        ch.force(true);
    }
}
