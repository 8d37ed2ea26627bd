package org.ferry.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenLoopTest {
    @Test
    void firesOneOperationPerSlotOfTheScheduleWithItsIntendedTime() {
        List<Long> intended = new ArrayList<>();
        long fired = OpenLoop.run(1_000, Duration.ofMillis(50), () -> false, intended::add);
        assertThat(fired).isEqualTo(50);
        for (int i = 1; i < intended.size(); i++) {
            assertThat(intended.get(i) - intended.get(i - 1)).isEqualTo(1_000_000L);
        }
    }

    @Test
    void neverFiresBeforeTheIntendedTime() {
        List<Long> late = new ArrayList<>();
        OpenLoop.run(20_000, Duration.ofMillis(30), () -> false, t -> late.add(System.nanoTime() - t));
        assertThat(late).hasSize(600).allSatisfy(lateness -> assertThat(lateness).isNotNegative());
    }

    @Test
    void aSlowActionDoesNotThinTheScheduleItIsChargedToLatency() {
        List<Long> intended = new ArrayList<>();
        long fired = OpenLoop.run(1_000, Duration.ofMillis(20), () -> false, t -> {
            intended.add(t);
            if (intended.size() == 1) {
                sleep(15); // the generator stalls; the slots it missed still fire, late
            }
        });
        assertThat(fired).isEqualTo(20);
    }

    @Test
    void stopsWhenAsked() {
        long fired = OpenLoop.run(1_000_000, Duration.ofSeconds(10), new java.util.function.BooleanSupplier() {
            int calls;

            @Override
            public boolean getAsBoolean() {
                return ++calls > 5;
            }
        }, t -> { });
        assertThat(fired).isLessThanOrEqualTo(5);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
