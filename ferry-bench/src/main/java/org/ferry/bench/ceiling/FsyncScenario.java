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
        Duration duration = ctx.options().duration("duration", Duration.ofSeconds(10));
        Files.createDirectories(dir);
        Path file = Files.createTempFile(dir, "fsync-probe", ".dat");
        Latency latency = ctx.metrics().latency("fsync");
        ByteBuffer block = ByteBuffer.allocateDirect(size);
        ctx.timeline().phase("run");
        long n = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            long end = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                block.clear();
                while (block.hasRemaining()) {
                    ch.write(block);
                }
                ch.force(false);
                latency.since(t0);
                ctx.metrics().count("fsyncs");
                n++;
            }
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
        results.put("bytesPerWrite", size);
        results.put("fsyncs", n);
        results.put("fsyncsPerSecond", Math.round(n * 10_000.0 / duration.toMillis()) / 10.0);
        results.put("fsyncP50Ms", run.latencies().get("fsync").p50());
        results.put("fsyncP99Ms", run.latencies().get("fsync").p99());
        return results;
    }
}
