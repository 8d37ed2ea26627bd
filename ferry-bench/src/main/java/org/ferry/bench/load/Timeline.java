package org.ferry.bench.load;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Samples {@link Metrics} once a second into {@link Second}s (the chart's time series) and prints a progress line
 * for each. A run is divided into named phases (setup, run, before/during a flood...); a phase change takes a
 * sample at once, so every second belongs to exactly one phase. Thread-safe.
 */
public final class Timeline implements AutoCloseable {
    /** One sample: what happened between the previous sample and this one. */
    public record Second(double t, double seconds, String phase, Map<String, Histogram> latencies,
                         Map<String, Long> counters, Map<String, Long> errors) {
    }

    private final Metrics metrics;
    private final PrintStream out;
    private final String scenario;
    private final long start = System.nanoTime();
    private final List<Second> seconds = new ArrayList<>();
    private final Map<String, Long> lastCounters = new LinkedHashMap<>();
    private final Map<String, Long> lastErrors = new LinkedHashMap<>();
    private final Thread sampler;
    private long lastSample = start;
    private String phase = "setup";
    private volatile String note = "";
    private volatile boolean closed;

    public Timeline(String scenario, Metrics metrics, PrintStream out) {
        this.scenario = scenario;
        this.metrics = metrics;
        this.out = out;
        this.sampler = Thread.ofPlatform().daemon().name("bench-timeline").start(this::loop);
    }

    /** Starts a new phase; the time before belongs to the previous one. */
    public synchronized void phase(String name) {
        sample(true);
        phase = name;
        out.printf("[%6.1fs] %s: phase %s%n", elapsed(), scenario, name);
    }

    /** A short text appended to each progress line (e.g. "connected 4000/10000"). */
    public void note(String text) {
        note = text;
    }

    public double elapsed() {
        return (System.nanoTime() - start) / 1e9;
    }

    public synchronized List<Second> seconds() {
        return List.copyOf(seconds);
    }

    private void loop() {
        long next = start + 1_000_000_000L;
        while (!closed) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
                continue;
            }
            next += 1_000_000_000L;
            synchronized (this) {
                if (!closed) {
                    sample(false);
                }
            }
        }
    }

    private void sample(boolean quiet) {
        long now = System.nanoTime();
        double span = (now - lastSample) / 1e9;
        lastSample = now;
        Map<String, Histogram> lat = new LinkedHashMap<>();
        metrics.latencies().forEach((name, l) -> lat.put(name, l.interval()));
        Map<String, Long> cnt = deltas(metrics.counters(), lastCounters);
        metrics.sampled().forEach((name, reader) -> {
            long value = reader.getAsLong();
            if (value >= 0) {
                cnt.put(name, value - lastCounters.getOrDefault(name, value));
                lastCounters.put(name, value);
            }
        });
        Map<String, Long> err = deltas(metrics.errors(), lastErrors);
        Second s = new Second((now - start) / 1e9, span, phase, lat, cnt, err);
        if (span < 0.05 && !seconds.isEmpty() && seconds.getLast().phase().equals(phase)) {
            // A phase change or the end right after a sample: extend the last sample rather than keep a sliver
            // whose rates would be noise, and lose nothing that was counted.
            s = merge(seconds.removeLast(), s);
        }
        seconds.add(s);
        if (!quiet) {
            out.println(progressLine(s));
        }
    }

    private static Second merge(Second a, Second b) {
        Map<String, Histogram> lat = new LinkedHashMap<>(a.latencies());
        b.latencies().forEach((name, h) -> lat.merge(name, h, (x, y) -> {
            Histogram sum = x.copy();
            sum.add(y);
            return sum;
        }));
        Map<String, Long> cnt = new LinkedHashMap<>(a.counters());
        b.counters().forEach((name, n) -> cnt.merge(name, n, Long::sum));
        Map<String, Long> err = new LinkedHashMap<>(a.errors());
        b.errors().forEach((name, n) -> err.merge(name, n, Long::sum));
        return new Second(b.t(), a.seconds() + b.seconds(), a.phase(), lat, cnt, err);
    }

    private static Map<String, Long> deltas(Map<String, LongAdder> current, Map<String, Long> last) {
        Map<String, Long> out = new LinkedHashMap<>();
        current.forEach((name, adder) -> {
            long now = adder.sum();
            out.put(name, now - last.getOrDefault(name, 0L));
            last.put(name, now);
        });
        return out;
    }

    private String progressLine(Second s) {
        StringBuilder line = new StringBuilder(String.format("[%6.1fs] %s/%s", s.t(), scenario, s.phase()));
        s.counters().forEach((name, n) -> line.append(String.format(" %s %,.0f/s", name, n / s.seconds())));
        s.latencies().forEach((name, h) -> {
            if (h.getTotalCount() > 0) {
                line.append(String.format(" | %s p50 %s p99 %s", name, ms(h.getValueAtPercentile(50)),
                        ms(h.getValueAtPercentile(99))));
            }
        });
        long errors = s.errors().values().stream().mapToLong(Long::longValue).sum();
        if (errors > 0) {
            line.append(" | errors ").append(errors);
        }
        if (!note.isEmpty()) {
            line.append(" | ").append(note);
        }
        return line.toString();
    }

    static String ms(long micros) {
        double ms = micros / 1000.0;
        return ms < 10 ? String.format("%.2fms", ms) : String.format("%.0fms", ms);
    }

    /** Takes a last sample and stops sampling. */
    @Override
    public synchronized void close() {
        if (!closed) {
            sample(true);
            closed = true;
        }
    }
}
