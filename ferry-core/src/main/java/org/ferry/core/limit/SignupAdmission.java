package org.ferry.core.limit;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Admission of sign-up calls by capacity (DESIGN §4: messages of signed-in users come before sign-ups).
 * Sign-ups may use whatever the node has spare: their concurrency limit grows while they are being
 * turned away and messaging stays fast, and is cut by a quarter in every window where the 95th
 * percentile of messaging calls' service time exceeds the target, or where the node's CPUs are
 * saturated: {@link #schedulingLag} (how late a virtual thread starts, measured by a probe) shows the
 * queueing that service times cannot, since a request waiting for a CPU has not started yet. Turned-away callers get a
 * {@code retryAfter} that grows with the pressure, so a crowd of retrying phones does not become a flood
 * of its own. A fixed limit could not do both: 16 left a quiet node at a third of its sign-up capacity,
 * and any number large enough for a quiet node let a flood take the CPU from chats. Thread-safe.
 */
public final class SignupAdmission {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SignupAdmission.class);
    /** How often the limit is reconsidered. */
    static final long WINDOW_NANOS = 200_000_000L;
    private static final int BUCKETS = 40; // log2 buckets of microseconds: up to ~9 days

    private final int minLimit;
    private final int maxLimit;
    private final long targetNanos;
    private final LongSupplier nanoTime;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile int limit;

    private final AtomicLong windowStart;
    private final AtomicLongArray latencies = new AtomicLongArray(BUCKETS);
    private final AtomicLong rejectedInWindow = new AtomicLong();
    private final AtomicLong admittedInWindow = new AtomicLong();
    private volatile int retryAfterSeconds = 1;
    private final AtomicLongArray lags = new AtomicLongArray(BUCKETS);
    /** Scheduling lag (p95) above which the CPUs count as saturated. */
    private static final long LAG_TARGET_NANOS = 5_000_000L;

    /**
     * @param initialLimit sign-up calls served at once to begin with
     * @param maxLimit the most they may ever be
     * @param messagingTargetNanos the messaging service time (95th percentile) sign-ups must not push past
     * @param nanoTime the monotonic clock ({@code System::nanoTime}; a fake in tests)
     */
    public SignupAdmission(int initialLimit, int maxLimit, long messagingTargetNanos, LongSupplier nanoTime) {
        if (initialLimit < 1 || maxLimit < initialLimit) {
            throw new IllegalArgumentException("need 1 <= initialLimit <= maxLimit");
        }
        this.minLimit = 1;
        this.maxLimit = maxLimit;
        this.limit = initialLimit;
        this.targetNanos = messagingTargetNanos;
        this.nanoTime = nanoTime;
        this.windowStart = new AtomicLong(nanoTime.getAsLong());
    }

    /** Takes a slot for a sign-up call, or returns false: then the caller answers FLOOD_WAIT. */
    public boolean tryAcquire() {
        roll();
        while (true) {
            int n = inFlight.get();
            if (n >= limit) {
                rejectedInWindow.incrementAndGet();
                return false;
            }
            if (inFlight.compareAndSet(n, n + 1)) {
                admittedInWindow.incrementAndGet();
                return true;
            }
        }
    }

    /**
     * True while a sign-up call arriving now would be turned away: lets a gateway answer from its event loop,
     * before it spends a thread or parses params on the call. A hint, with no side effect.
     */
    public boolean full() {
        return inFlight.get() >= limit;
    }

    /**
     * Turns a sign-up call away before it is parsed if the node is full, counting it like {@link #tryAcquire}
     * does; false means "parse it and call {@link #tryAcquire}", which still decides.
     */
    public boolean turnAwayEarly() {
        roll();
        if (!full()) {
            return false;
        }
        rejectedInWindow.incrementAndGet();
        return true;
    }

    public void release() {
        inFlight.decrementAndGet();
    }

    /** Records how long one messaging (non-sign-up) call took to serve. */
    public void messagingServed(long nanos) {
        long micros = Math.max(1, nanos / 1_000);
        int bucket = Math.min(BUCKETS - 1, 63 - Long.numberOfLeadingZeros(micros));
        latencies.incrementAndGet(bucket);
        roll();
    }

    /**
     * Records how late a virtual thread started after it was asked to (a probe's reading of CPU
     * saturation). {@link org.ferry.core.FerryCore} runs the probe every 20 ms.
     */
    public void schedulingLag(long nanos) {
        long micros = Math.max(1, nanos / 1_000);
        lags.incrementAndGet(Math.min(BUCKETS - 1, 63 - Long.numberOfLeadingZeros(micros)));
    }

    /** Seconds a turned-away caller should wait: about how long the crowd ahead of it takes to admit. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public int limit() {
        return limit;
    }

    /** Closes the window once it is over (by whichever caller notices first) and adjusts the limit. */
    private void roll() {
        long start = windowStart.get();
        long now = nanoTime.getAsLong();
        if (now - start < WINDOW_NANOS || !windowStart.compareAndSet(start, now)) {
            return;
        }
        long[] counts = new long[BUCKETS];
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] = latencies.getAndSet(i, 0);
            total += counts[i];
        }
        long[] lagCounts = new long[BUCKETS];
        long lagTotal = 0;
        for (int i = 0; i < BUCKETS; i++) {
            lagCounts[i] = lags.getAndSet(i, 0);
            lagTotal += lagCounts[i];
        }
        // Saturation matters only while someone is chatting: with no messaging call in the window the CPU is
        // the sign-ups' to use (cutting them then left a node that only signs people up at 40 % of its capacity).
        boolean cpuSaturated = total > 0 && lagTotal > 0
                && percentileMicros(lagCounts, lagTotal, 0.95) * 1_000 > LAG_TARGET_NANOS;
        long rejected = rejectedInWindow.getAndSet(0);
        long admitted = admittedInWindow.getAndSet(0);
        boolean messagingSlow = total > 0 && percentileMicros(counts, total, 0.95) * 1_000 > targetNanos;
        int current = limit;
        if (messagingSlow || cpuSaturated) {
            limit = Math.max(minLimit, current - Math.max(1, current / 4));
        } else if (rejected > 0) {
            limit = Math.min(maxLimit, current + Math.max(1, current / 8));
        }
        // Callers turned away per admitted one: if ten are turned away for each one let in, a caller's turn
        // is about ten admissions away; asking it to wait that many seconds keeps a waiting crowd's
        // retries near the rate the node admits instead of a multiple of it.
        // It rises by at most a second per window, so that a burst at a cold start (few admitted while the JIT
        // warms up) does not send its callers away for a minute; a sustained flood still reaches the cap in 12 s.
        double ratio = admitted == 0 ? rejected : (double) rejected / admitted;
        int target = (int) Math.max(1, Math.min(60, Math.ceil(ratio)));
        retryAfterSeconds = Math.min(target, retryAfterSeconds + 1);
        if (LOG.isDebugEnabled()) {
            LOG.debug("sign-up admission: limit {} -> {}, in flight {}, admitted {}, turned away {}, messaging calls {}"
                    + " (slow: {}), CPU saturated: {}, retryAfter {} s", current, limit, inFlight.get(), admitted, rejected,
                    total, messagingSlow, cpuSaturated, retryAfterSeconds);
        }
    }

    /** The middle of the log2 bucket holding the given percentile. */
    private static long percentileMicros(long[] counts, long total, double p) {
        long rank = (long) Math.ceil(total * p);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return (1L << i) * 3 / 2;
            }
        }
        return 1L << counts.length;
    }
}
