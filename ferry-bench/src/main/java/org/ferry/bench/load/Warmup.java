package org.ferry.bench.load;

import java.time.Duration;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Brings both JVMs (bench and server) to steady state before anything is measured: the first half of the warmup
 * at half the rate, the second at the full rate, then a pause until the operations in flight are answered, so
 * that the measured phase starts with empty queues instead of inheriting the backlog of cold JIT-compiled code.
 * {@link #untilJitQuiet} warms a load up for as long as the JITs are still compiling it.
 */
public final class Warmup {
    /** A JIT that used less CPU than this over a second of load is taken to have compiled what that load runs. */
    public static final long JIT_QUIET_MS_PER_SECOND = 50;
    /**
     * How long a load runs between two looks at the JITs when warming up until they are quiet: two seconds, so that
     * one quiet second between two bursts of compiles (seen every few seconds at 10,000 chat messages/s) does not
     * end the warm-up.
     */
    static final Duration QUIET_SLICE = Duration.ofSeconds(2);

    private Warmup() {
    }

    public static void run(double rate, Duration warmup, InFlight inFlight, LongConsumer action)
            throws InterruptedException {
        run(rate, warmup, Duration.ZERO, List.of(), inFlight, action);
    }

    /**
     * As {@link #run(double, Duration, InFlight, LongConsumer)}, but the full-rate half goes on in slices of
     * {@link #QUIET_SLICE} until every JIT in {@code compilers} is quiet ({@link #untilJitQuiet}), for at most
     * {@code longestExtra} beyond the warm-up's own length.
     *
     * @return how long the load ran at full rate
     */
    public static Duration run(double rate, Duration warmup, Duration longestExtra, List<LongSupplier> compilers,
                               InFlight inFlight, LongConsumer action) throws InterruptedException {
        if (warmup.isZero()) {
            return Duration.ZERO;
        }
        Duration full = offer(rate, warmup, longestExtra, compilers, QUIET_SLICE, action);
        inFlight.awaitDrained(Duration.ofSeconds(20));
        collectGeneratorGarbage();
        flushDirtyPages();
        return full;
    }

    /** The warm-up's load without the settling after it; {@code slice} as {@link #QUIET_SLICE}. */
    static Duration offer(double rate, Duration warmup, Duration longestExtra, List<LongSupplier> compilers,
                          Duration slice, LongConsumer action) throws InterruptedException {
        OpenLoop.run(rate / 2, warmup.dividedBy(2), () -> false, action);
        Duration full = warmup.dividedBy(2);
        if (!longestExtra.isPositive() || compilers.isEmpty()) {
            OpenLoop.run(rate, full, () -> false, action);
            return full;
        }
        int least = (int) Math.max(1, full.toMillis() / slice.toMillis());
        int most = least + (int) (longestExtra.toMillis() / slice.toMillis());
        int slices = untilJitQuiet(compilers, least, most, slice, d -> OpenLoop.run(rate, d, () -> false, action));
        return slice.multipliedBy(slices);
    }

    /**
     * Runs {@code slice} of load again and again until every JIT in {@code compilers} (cumulative CPU ms of a JVM's
     * compiler threads, -1 where unknown) used less than {@link #JIT_QUIET_MS_PER_SECOND} during the last slice:
     * at least {@code minSlices} and at most {@code maxSlices} times. For load whose code the measured phase must
     * not find cold: a node that has served for a while has compiled it, and on two shared cores the JIT's work
     * would be measured as that load's cost to others (docs/benchmarks.md, eleventh session).
     *
     * @return how many slices ran
     */
    public static int untilJitQuiet(List<LongSupplier> compilers, int minSlices, int maxSlices, Duration slice,
                                    SliceOfLoad load) throws InterruptedException {
        long[] before = new long[compilers.size()];
        for (int i = 0; i < before.length; i++) {
            before[i] = compilers.get(i).getAsLong();
        }
        long quietMs = JIT_QUIET_MS_PER_SECOND * slice.toMillis() / 1000;
        int slices = 0;
        while (slices < maxSlices) {
            load.run(slice);
            slices++;
            boolean quiet = true;
            for (int i = 0; i < before.length; i++) {
                long now = compilers.get(i).getAsLong();
                quiet &= now < 0 || before[i] < 0 || now - before[i] < quietMs;
                before[i] = now;
            }
            if (quiet && slices >= minSlices) {
                break;
            }
        }
        return slices;
    }

    /** Some load, offered for a given time. */
    @FunctionalInterface
    public interface SliceOfLoad {
        void run(Duration duration) throws InterruptedException;
    }

    /**
     * Collects the load generator's own garbage before a measured phase, three times: ZGC (surge's generator) runs
     * its first three cycles by heap-use thresholds ("warmup": 10, 20, 30 % of the heap), and one of them fell on a
     * flood's first second, a concurrent collection taking CPU from the chat clients that measure. After three, the
     * generator's ~10-15 MB/s leaves a 4 GB heap alone for minutes. Under G1 it is a full collection of a small heap.
     * The server's collector is not touched: its pauses are part of what is measured.
     */
    public static void collectGeneratorGarbage() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
    }

    /**
     * Writes out the machine's dirty page cache ({@code sync}) before the measured phase. Files written before
     * the run (builds, reports, other engineers' work) otherwise reach the disk when they expire, 30 s later,
     * mid-run: on ext4 the server's next WAL fsync then waits for that whole journal commit. Seen as 200–450 ms
     * stalls in 3,000 msgs/s chat runs, each in the second the kernel's Dirty count fell from ~15 MB to zero.
     */
    static void flushDirtyPages() throws InterruptedException {
        try {
            Process sync = new ProcessBuilder("sync").inheritIO().start();
            if (!sync.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                sync.destroy();
            }
        } catch (java.io.IOException e) {
            System.err.println("bench: could not run sync before the measured phase: " + e.getMessage());
        }
    }
}
