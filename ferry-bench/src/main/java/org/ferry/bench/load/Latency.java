package org.ferry.bench.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One latency series, in microseconds, recorded without locks from any thread (HdrHistogram's {@link Recorder});
 * the {@link Timeline} takes an interval histogram of it every second. Latency is measured from the moment an
 * operation was <em>meant</em> to start, so a stalled server or a late generator shows up as latency instead of
 * silently lowering the offered load (no coordinated omission). Thread-safe.
 */
public final class Latency {
    /** One hour in microseconds: anything slower is clamped, and counted like the hour it would have been. */
    static final long HIGHEST = 3_600_000_000L;

    private final String name;
    private final Recorder recorder = new Recorder(HIGHEST, 3);

    Latency(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Records the time from {@code intendedNanos} ({@link System#nanoTime}) until now. */
    public void since(long intendedNanos) {
        micros(Math.max(0, (System.nanoTime() - intendedNanos) / 1_000));
    }

    public void micros(long micros) {
        recorder.recordValue(Math.min(Math.max(micros, 0), HIGHEST));
    }

    /** What was recorded since the last call. */
    Histogram interval() {
        return recorder.getIntervalHistogram();
    }
}
