package org.ferry.bench.load;

import java.time.Duration;
import java.util.function.LongConsumer;

/**
 * Brings both JVMs (bench and server) to steady state before anything is measured: the first half of the warmup
 * at half the rate, the second at the full rate, then a pause until the operations in flight are answered, so
 * that the measured phase starts with empty queues instead of inheriting the backlog of cold JIT-compiled code.
 */
public final class Warmup {
    private Warmup() {
    }

    public static void run(double rate, Duration warmup, InFlight inFlight, LongConsumer action)
            throws InterruptedException {
        if (warmup.isZero()) {
            return;
        }
        OpenLoop.run(rate / 2, warmup.dividedBy(2), () -> false, action);
        OpenLoop.run(rate, warmup.dividedBy(2), () -> false, action);
        inFlight.awaitDrained(Duration.ofSeconds(20));
    }
}
