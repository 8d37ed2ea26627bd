package org.ferry.bench.load;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * A fixed-rate schedule: operation {@code i} is due at {@code start + i / rate}, whatever happened to the ones
 * before it. The action receives that intended time and measures latency from it, so when the generator or the
 * server falls behind, the delay is charged to latency, never hidden by sending less (open loop, no coordinated
 * omission). Runs on the calling thread; when late it fires without sleeping until it has caught up.
 *
 * <p>It never fires an operation before its time, and it sleeps at least {@link #MIN_SLEEP_NANOS} at a time, so
 * at high rates each wake-up fires the operations that fell due meanwhile (at 10,000/s about ten, each up to a
 * millisecond late, which its latency includes). Waking for every operation cost the generator a timer, a
 * context switch and a wake-up of the connection's event loop per operation, on the two cores it shares with
 * the server.
 */
public final class OpenLoop {
    static final long MIN_SLEEP_NANOS = 1_000_000;

    private OpenLoop() {
    }

    /**
     * Fires {@code action} at {@code perSecond} for {@code duration} or until {@code stop} says so.
     *
     * @return how many operations were fired
     */
    public static long run(double perSecond, Duration duration, BooleanSupplier stop, LongConsumer action) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive, was " + perSecond);
        }
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        double interval = 1e9 / perSecond;
        long fired = 0;
        while (!stop.getAsBoolean()) {
            long intended = start + (long) (fired * interval);
            if (intended >= end) {
                break;
            }
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(Math.max(wait, MIN_SLEEP_NANOS));
                continue; // re-check the stop flag and the clock after waking
            }
            action.accept(intended);
            fired++;
        }
        return fired;
    }
}
