package org.ferry.bench.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * What the bench reads of a server from outside: resident memory ({@code /proc/PID/status}), bytes written to
 * storage ({@code /proc/PID/io}), JVM heap and direct memory (the admin port's Prometheus {@code /metrics}), and
 * the store's files. Every reading is optional: what cannot be read is reported as -1. Stateless.
 */
public final class ServerProbe {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private ServerProbe() {
    }

    /** A memory reading, in bytes; -1 where unknown. */
    public record Memory(long rss, long heapUsed, long heapCommitted, long direct, long nonHeap) {
    }

    public static Memory memory(Target target) {
        long rss = target.pid().isPresent() ? procField(target.pid().getAsLong(), "status", "VmRSS:") * 1024 : -1;
        Map<String, Double> m = target.admin().map(ServerProbe::scrape).orElse(Map.of());
        return new Memory(rss < 0 ? -1 : rss, sum(m, "jvm_memory_used_bytes{area=\"heap\""),
                sum(m, "jvm_memory_committed_bytes{area=\"heap\""), sum(m, "jvm_buffer_memory_used_bytes{id=\"direct\""),
                sum(m, "jvm_memory_used_bytes{area=\"nonheap\""));
    }

    /** Bytes the process caused to be written to storage (page-granular, after the page cache), or -1. */
    public static long storageWrites(Target target) {
        OptionalLong pid = target.pid();
        return pid.isPresent() ? procField(pid.getAsLong(), "io", "write_bytes:") : -1;
    }

    /** CPU time (user + system) the process has used so far, in milliseconds, or -1. */
    public static long cpuMillis(long pid) {
        try {
            return ticks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))).cpuMillis();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** From a process's or thread's {@code stat} line: CPU used (user + system, ms) and start time (clock ticks). */
    record Ticks(long cpuMillis, long startTime) {
    }

    static Ticks ticks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // After the command name: state is field 3, utime 14, stime 15 and starttime 22 (1-based), in clock ticks
        // of 10 ms.
        return new Ticks((Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10, Long.parseLong(f[19]));
    }

    /** Asks the server's JVM for a full GC, so that heap readings count live data only. */
    public static void gc(Target target) throws InterruptedException {
        if (target.pid().isEmpty()) {
            return;
        }
        long pid = target.pid().getAsLong();
        if (pid == ProcessHandle.current().pid()) {
            System.gc();
        } else {
            try {
                String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
                new ProcessBuilder(jcmd, Long.toString(pid), "GC.run").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            } catch (IOException e) {
                System.err.println("bench: jcmd GC.run failed: " + e.getMessage());
            }
        }
        Thread.sleep(500);
    }

    /** Sizes of the store's files by name (RocksDB's WAL files end in .log, tables in .sst). */
    public static Map<String, Long> files(Path dir) throws IOException {
        Map<String, Long> sizes = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                try {
                    sizes.put(f.getFileName().toString(), Files.size(f));
                } catch (IOException e) {
                    // deleted while listing (an obsolete WAL or a compacted table)
                }
            }
        }
        return sizes;
    }

    /**
     * Bytes appended to files ending in {@code suffix} between two listings: growth of files present in both,
     * plus the whole size of new ones. A file removed in between (an obsolete WAL) does not subtract.
     */
    public static long appended(Map<String, Long> before, Map<String, Long> after, String suffix) {
        long bytes = 0;
        for (var e : after.entrySet()) {
            if (e.getKey().endsWith(suffix)) {
                bytes += Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0L));
            }
        }
        return bytes;
    }

    static Map<String, Double> scrape(URI admin) {
        Map<String, Double> values = new HashMap<>();
        try {
            HttpResponse<Stream<String>> r = HTTP.send(HttpRequest.newBuilder(admin.resolve("/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofLines());
            List<String> lines = r.body().toList();
            for (String line : lines) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                int space = line.lastIndexOf(' ');
                try {
                    values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
                } catch (NumberFormatException e) {
                    // not a sample line
                }
            }
        } catch (IOException e) {
            System.err.println("bench: cannot read " + admin + "/metrics: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return values;
    }

    private static long sum(Map<String, Double> metrics, String prefix) {
        double total = 0;
        boolean found = false;
        for (var e : metrics.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                total += e.getValue();
                found = true;
            }
        }
        return found ? (long) total : -1;
    }

    private static long procField(long pid, String file, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), file))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("bench: cannot read /proc/" + pid + "/" + file + ": " + e.getMessage());
        }
        return -1;
    }
}
