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
 */
public final class OpenLoop {
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
            if (wait > 20_000) {
                LockSupport.parkNanos(wait);
                continue; // re-check the stop flag and the clock after waking
            }
            action.accept(intended);
            fired++;
        }
        return fired;
    }
}
