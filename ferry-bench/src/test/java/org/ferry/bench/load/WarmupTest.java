package org.ferry.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The warm-up that lasts until the JITs are quiet, with scripted compiler readings and no real load. */
class WarmupTest {
    private static final Duration SECOND = Duration.ofSeconds(1);

    @Test
    void goesOnWhileAnyCompilerIsBusyAndStopsOnceAllAreQuiet() throws InterruptedException {
        // Readings before the first slice, then after each: the second JIT is busy for three slices.
        LongSupplier quiet = readings(0, 10, 20, 30, 40, 50, 60);
        LongSupplier busy = readings(0, 600, 1_100, 1_400, 1_420, 1_430, 1_440);
        int[] ran = new int[1];

        int slices = Warmup.untilJitQuiet(List.of(quiet, busy), 1, 20, SECOND, d -> ran[0]++);

        assertThat(slices).as("three busy slices, then the first quiet one").isEqualTo(4);
        assertThat(ran[0]).isEqualTo(4);
    }

    @Test
    void runsAtLeastTheMinimumEvenWhenQuietFromTheStart() throws InterruptedException {
        LongSupplier quiet = readings(0, 0, 0, 0, 0);

        assertThat(Warmup.untilJitQuiet(List.of(quiet), 3, 20, SECOND, d -> { })).isEqualTo(3);
    }

    @Test
    void stopsAtTheMaximumWhenTheCompilerNeverQuietens() throws InterruptedException {
        LongSupplier busy = readings(LongStream.iterate(0, ms -> ms + 500).limit(10).toArray());

        assertThat(Warmup.untilJitQuiet(List.of(busy), 1, 5, SECOND, d -> { })).isEqualTo(5);
    }

    @Test
    void aCompilerThatCannotBeReadCountsAsQuiet() throws InterruptedException {
        LongSupplier unknown = () -> -1;

        assertThat(Warmup.untilJitQuiet(List.of(unknown), 1, 5, SECOND, d -> { })).isEqualTo(1);
    }

    @Test
    void theQuietThresholdScalesWithTheSlice() throws InterruptedException {
        // 40 ms over a half-second slice is 80 ms/s: busy; 20 ms is 40 ms/s: quiet.
        LongSupplier jit = readings(0, 40, 60);

        assertThat(Warmup.untilJitQuiet(List.of(jit), 1, 5, Duration.ofMillis(500), d -> { })).isEqualTo(2);
    }

    @Test
    void aWarmupAtFullRateGoesOnUntilTheJitsAreQuietWithinItsLimit() throws InterruptedException {
        Duration slice = Duration.ofMillis(100);
        // 40 ms in a 100 ms slice is 400 ms/s: busy for the first two slices of full rate, then quiet.
        LongSupplier jit = readings(0, 40, 80, 81, 82);
        long[] fired = new long[1];

        Duration full = Warmup.offer(1_000, Duration.ofMillis(200), Duration.ofSeconds(1), List.of(jit), slice,
                intended -> fired[0]++);

        assertThat(full).isEqualTo(Duration.ofMillis(300));
        assertThat(fired[0]).as("100 ms at half of 1,000/s, then 300 ms at the full rate").isBetween(340L, 360L);
    }

    @Test
    void aWarmupStopsAtItsLimitAndWithoutAnExtraLimitItIsFixed() throws InterruptedException {
        Duration slice = Duration.ofMillis(100);
        LongSupplier busy = readings(LongStream.iterate(0, ms -> ms + 50).limit(20).toArray());

        assertThat(Warmup.offer(1_000, Duration.ofMillis(200), Duration.ofMillis(300), List.of(busy), slice, i -> { }))
                .as("one slice of the warm-up's own, three more at most").isEqualTo(Duration.ofMillis(400));
        assertThat(Warmup.offer(1_000, Duration.ofMillis(200), Duration.ZERO, List.of(busy), slice, i -> { }))
                .isEqualTo(Duration.ofMillis(100));
    }

    private static LongSupplier readings(long... values) {
        Iterator<Long> it = LongStream.of(values).boxed().iterator();
        return it::next;
    }
}
