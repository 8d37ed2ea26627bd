package org.ferry.bench.load;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Operations started and not yet answered, with a cap: beyond it an open-loop generator skips operations (and
 * counts them as skipped) instead of queueing without bound in its own memory. Thread-safe.
 */
public final class InFlight {
    private final AtomicInteger count = new AtomicInteger();
    private final int cap;

    public InFlight(int cap) {
        this.cap = cap;
    }

    /** Takes a slot, or returns false when {@code cap} operations are already in flight. */
    public boolean tryStart() {
        if (count.incrementAndGet() > cap) {
            count.decrementAndGet();
            return false;
        }
        return true;
    }

    public void done() {
        count.decrementAndGet();
    }

    public int get() {
        return count.get();
    }

    /** Waits until nothing is in flight or {@code timeout} passes; returns what is still in flight. */
    public int awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return count.get();
    }
}
