package org.ferry.bench.load;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The measurements of one run: latency series, event counters and failures by error code, each created on first
 * use. Scenarios record; the {@link Timeline} samples. Thread-safe.
 */
public final class Metrics {
    private final Map<String, Latency> latencies = new ConcurrentSkipListMap<>();
    private final Map<String, LongAdder> counters = new ConcurrentSkipListMap<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Map<String, LongSupplier> sampled = new ConcurrentSkipListMap<>();

    public Latency latency(String name) {
        return latencies.computeIfAbsent(name, Latency::new);
    }

    /** A handle on counter {@code name}, for counting in measured loops without a look-up by name. */
    public Counter counter(String name) {
        return new Counter(this, name);
    }

    public void count(String counter) {
        add(counter, 1);
    }

    public void add(String counter, long n) {
        adder(counter).add(n);
    }

    LongAdder adder(String counter) {
        return counters.computeIfAbsent(counter, k -> new LongAdder());
    }

    /**
     * A counter kept elsewhere (CPU time of a process), read at each sample; its growth is reported like a
     * counter's. Names starting with {@code cpu.} stay out of the chart's throughput panel.
     */
    public void sampled(String name, LongSupplier cumulative) {
        sampled.put(name, cumulative);
    }

    public long total(String counter) {
        LongAdder adder = counters.get(counter);
        return adder == null ? 0 : adder.sum();
    }

    /** Counts a failure under its error code, prefixed by what failed ("send/FLOOD_WAIT"). */
    public void error(String what, String code) {
        errors.computeIfAbsent(what + "/" + code, k -> new LongAdder()).increment();
    }

    public long errorTotal() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    Map<String, Latency> latencies() {
        return latencies;
    }

    Map<String, LongAdder> counters() {
        return counters;
    }

    Map<String, LongSupplier> sampled() {
        return sampled;
    }

    Map<String, LongAdder> errors() {
        return errors;
    }
}
