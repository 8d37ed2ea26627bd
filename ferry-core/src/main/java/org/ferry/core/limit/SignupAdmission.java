package org.ferry.core.limit;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Admission of sign-up calls by capacity (DESIGN §4: messages of signed-in users come before sign-ups).
 * Sign-ups may use whatever the node has spare: their concurrency limit grows while they are being turned away
 * and messaging stays fast (by an eighth a window alone, by one while people chat), and is halved in every window
 * where the 95th percentile of messaging calls' service time exceeds the target, or, while anyone chats, where the
 * machine's CPUs are saturated: more than {@link #BUSY_TARGET} of their time used, or {@link #schedulingLag} (how
 * late a virtual thread starts, measured by a probe) high. These show the queueing that service times cannot, since
 * a request waiting for a CPU has not started yet, and leave chats the headroom that keeps their latency flat. Only
 * {@code auth.sendCode} is gated; a sign-up let in finishes. Turned-away callers get a {@code retryAfter} that
 * tracks how long the crowd ahead of them takes to admit, so a crowd of retrying phones does not become a flood of
 * its own. A fixed limit could not do both: 16 left a quiet node at a third of its sign-up capacity, and any number
 * large enough for a quiet node let a flood take the CPU from chats. Thread-safe.
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
    /**
     * The limit while people chat, and while nobody does; {@link #limit} is the one of the last window. While people
     * chat it grows by one a window and halves on saturation (AIMD), from {@link #CHATTING_START_LIMIT}: a flood that
     * begins while people chat starts from what chat left room for, not from what a quiet node could take (a limit
     * of 14 grown without chat cost the flood's first second p99 40-90 ms). Alone, it grows by an eighth a window,
     * to reach a quiet node's capacity in seconds. Read and written by the window's roll only.
     */
    private int chattingLimit;
    private int aloneLimit;
    static final int CHATTING_START_LIMIT = 4;

    private final AtomicLong windowStart;
    private final AtomicLongArray latencies = new AtomicLongArray(BUCKETS);
    private final AtomicLong rejectedInWindow = new AtomicLong();
    private final AtomicLong admittedInWindow = new AtomicLong();
    private volatile int retryAfterSeconds = 1;
    /** A newcomer's wait in seconds, smoothed over windows; read and written only by the window's roll. */
    private double waitEstimate = 1;
    /** The weight of one window's reading in {@link #waitEstimate}: about a second's memory. */
    private static final double WAIT_SMOOTHING = 0.25;
    private final AtomicLongArray lags = new AtomicLongArray(BUCKETS);
    /** Scheduling lag (p95) above which the CPUs count as saturated. */
    private static final long LAG_TARGET_NANOS = 5_000_000L;
    /**
     * The share of the machine's CPU time beyond which it counts as saturated while people chat. Measured: on two
     * cores chatting at 2,000 msgs/s used half; a sign-up flood's refusals took it to ~75 % with chat p99 1.6x its
     * quiet value, and sign-ups let in up to ~95 % took chat p99 to 4-7x (docs/benchmarks.md, third session).
     */
    static final double BUSY_TARGET = 0.80;
    private final DoubleSupplier cpuBusy;
    private volatile boolean chatting;
    /** Windows since the limit was last cut, up to {@link #RAMPING_WINDOWS}; read and written by the roll only. */
    private int windowsSinceCut = RAMPING_WINDOWS;
    /** A limit not cut for this many windows (1 s) and below its ceiling is still growing to the node's capacity. */
    private static final int RAMPING_WINDOWS = 5;
    /** The longest wait a turned-away caller is told. */
    static final int MAX_RETRY_AFTER_SECONDS = 60;

    /**
     * @param initialLimit sign-up calls served at once to begin with
     * @param maxLimit the most they may ever be
     * @param messagingTargetNanos the messaging service time (95th percentile) sign-ups must not push past
     * @param nanoTime the monotonic clock ({@code System::nanoTime}; a fake in tests)
     */
    public SignupAdmission(int initialLimit, int maxLimit, long messagingTargetNanos, LongSupplier nanoTime) {
        this(initialLimit, maxLimit, messagingTargetNanos, nanoTime, () -> -1);
    }

    /**
     * @param cpuBusy the share of the machine's CPU time used since it was last asked (0-1; negative if unknown),
     *        asked once per window
     */
    public SignupAdmission(int initialLimit, int maxLimit, long messagingTargetNanos, LongSupplier nanoTime,
                           DoubleSupplier cpuBusy) {
        if (initialLimit < 1 || maxLimit < initialLimit) {
            throw new IllegalArgumentException("need 1 <= initialLimit <= maxLimit");
        }
        this.minLimit = 1;
        this.maxLimit = maxLimit;
        this.limit = initialLimit;
        this.aloneLimit = initialLimit;
        this.chattingLimit = Math.min(initialLimit, CHATTING_START_LIMIT);
        this.targetNanos = messagingTargetNanos;
        this.nanoTime = nanoTime;
        this.windowStart = new AtomicLong(nanoTime.getAsLong());
        this.cpuBusy = cpuBusy;
    }

    /**
     * Takes a slot for a call that starts a sign-up ({@code auth.sendCode}), or returns false: then the caller
     * answers FLOOD_WAIT. This is the gate: the crowd waits here, before a code is sent.
     */
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
     * Takes a slot for a call that continues a sign-up let in by {@link #tryAcquire} ({@code auth.signIn},
     * {@code auth.signUp}), never refused: its code is already out, so turning it away would only waste the work
     * done and make a caller with a code in hand wait behind the crowd. The gate bounds how many can follow
     * (one code per admitted call, each good for a few attempts); the slot counts against the gate meanwhile.
     */
    public void acquireFollowUp() {
        roll();
        inFlight.incrementAndGet();
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

    /**
     * The wait to tell one turned-away caller: {@link #retryAfterSeconds} spread evenly over plus or minus half of
     * it (60 s → 30–90 s), so that a crowd turned away together does not come back together, leaving the node idle
     * between its returns and flooded at each. The mean stays {@link #retryAfterSeconds}, which the crowd estimate
     * in {@link #nextRetryAfter} relies on.
     */
    public int retryAfterForCaller() {
        int mean = retryAfterSeconds;
        int half = mean / 2;
        return mean - half + ThreadLocalRandom.current().nextInt(2 * half + 1);
    }

    public int limit() {
        return limit;
    }

    /** True if messaging calls were served in the last window: someone is chatting, and comes first. */
    public boolean chatting() {
        return chatting;
    }

    /**
     * The wait to tell turned-away callers next, from one window's refusals and admissions and the wait they
     * were told. Callers told to wait {@code told} seconds come back about once per {@code told} seconds, so
     * the refusals per second times {@code told} is the size of the waiting crowd (Little's law); the crowd
     * divided by the admissions per second is how long a newcomer waits for its turn. (Refusals per admission
     * alone, the rule before, settles at the square root of that wait: a longer wait means fewer retries, which
     * read as a smaller crowd. A crowd of 20,000 at 200 admissions a second then heard 10 s instead of 100 s and
     * retried ten times over.) One window's reading is noisy (a few callers more or less), so it is smoothed
     * over about a second. The wait rises by at most a second per window, so that a burst at a cold start (few
     * admitted while the JIT warms up) does not send its callers away for a minute; a sustained flood still
     * reaches the cap, 60 s, in 12 s. Called under the window's roll only.
     */
    private int nextRetryAfter(int told, long rejected, long admitted) {
        double windowSeconds = WINDOW_NANOS / 1e9;
        double crowd = rejected / windowSeconds * told;
        double admittedPerSecond = Math.max(1, admitted) / windowSeconds;
        waitEstimate += WAIT_SMOOTHING * (crowd / admittedPerSecond - waitEstimate);
        int target = (int) Math.max(1, Math.min(MAX_RETRY_AFTER_SECONDS, Math.ceil(waitEstimate)));
        return Math.min(target, told + 1);
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
        chatting = total > 0;
        double busy = cpuBusy.getAsDouble();
        boolean cpuSaturated = total > 0 && (busy > BUSY_TARGET || lagTotal > 0
                && percentileMicros(lagCounts, lagTotal, 0.95) * 1_000 > LAG_TARGET_NANOS);
        long rejected = rejectedInWindow.getAndSet(0);
        long admitted = admittedInWindow.getAndSet(0);
        boolean messagingSlow = total > 0 && percentileMicros(counts, total, 0.95) * 1_000 > targetNanos;
        int current = limit;
        if (messagingSlow || cpuSaturated) { // only while chatting
            // Halved: when a flood begins, the sign-ups already let in take the machine until the limit is down to
            // what fits; cutting by a quarter took 2 s from 14 to 1, chat p99 40-60 ms in that second.
            chattingLimit = Math.max(minLimit, chattingLimit / 2);
            windowsSinceCut = 0;
        } else {
            windowsSinceCut = Math.min(windowsSinceCut + 1, RAMPING_WINDOWS);
            if (rejected > 0 && chatting) {
                chattingLimit = Math.min(maxLimit, chattingLimit + 1);
            } else if (rejected > 0) {
                aloneLimit = Math.min(maxLimit, aloneLimit + Math.max(1, aloneLimit / 8));
            }
        }
        limit = chatting ? chattingLimit : aloneLimit;
        int nextWait = nextRetryAfter(retryAfterSeconds, rejected, admitted);
        // While the limit is still finding the node's capacity (growing, not cut for a second: a cold start), the
        // rate of admission is about to rise and the crowd's wait is shorter than it reads: the wait may fall, not
        // rise. (A cold node told a 3,300/s burst to come back in 30-45 s, then let everyone in 7 s later.)
        boolean ramping = limit < maxLimit && windowsSinceCut >= RAMPING_WINDOWS;
        retryAfterSeconds = ramping ? Math.min(retryAfterSeconds, nextWait) : nextWait;
        if (LOG.isDebugEnabled()) {
            LOG.debug("sign-up admission: limit {} -> {}, in flight {}, admitted {}, turned away {}, messaging calls {}"
                    + " (slow: {}), CPU busy {}, saturated: {}, retryAfter {} s", current, limit, inFlight.get(),
                    admitted, rejected, total, messagingSlow, Math.round(busy * 100), cpuSaturated, retryAfterSeconds);
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
