package org.ferry.core.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SignupAdmissionTest {
    private final AtomicLong now = new AtomicLong();
    private final SignupAdmission admission = new SignupAdmission(4, 64, 20_000_000L, now::get);

    private void nextWindow() {
        now.addAndGet(SignupAdmission.WINDOW_NANOS);
    }

    private int fill() {
        int admitted = 0;
        while (admission.tryAcquire()) {
            admitted++;
        }
        return admitted;
    }

    private void releaseAll(int n) {
        for (int i = 0; i < n; i++) {
            admission.release();
        }
    }

    @Test
    void turnsCallsAwayEarlyOnlyWhenFullAndCountsThemForRetryAfter() {
        assertThat(admission.full()).isFalse();
        assertThat(admission.turnAwayEarly()).isFalse();
        assertThat(fill()).isEqualTo(4);
        assertThat(admission.full()).isTrue();
        for (int i = 0; i < 40; i++) {
            assertThat(admission.turnAwayEarly()).isTrue();
        }
        nextWindow();
        admission.tryAcquire(); // rolls the window: 41 turned away, 4 admitted, so the target is 11 s
        assertThat(admission.retryAfterSeconds()).as("rises a second per window").isEqualTo(2);
        releaseAll(4);
        assertThat(admission.full()).isFalse();
    }

    @Test
    void retryAfterRampsUpUnderASustainedCrowdAndFallsAtOnce() {
        List<Integer> seen = new ArrayList<>();
        for (int w = 0; w < 14; w++) {
            int n = fill(); // its first call closes the previous window
            seen.add(admission.retryAfterSeconds());
            for (int i = 0; i < 10 * n - 1; i++) {
                admission.tryAcquire(); // with fill's last refusal: ten turned away for each one let in
            }
            releaseAll(n);
            nextWindow();
        }
        assertThat(seen).startsWith(1, 2, 3, 4).isSorted().endsWith(10, 10);
        admission.tryAcquire(); // closes the last crowded window
        admission.release();
        nextWindow();
        admission.tryAcquire(); // closes a quiet one: one let in, none turned away
        assertThat(admission.retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void aSaturatedCpuCutsSignUpsOnlyWhileSomeoneIsChatting() {
        for (int w = 0; w < 5; w++) {
            int n = fill();
            admission.schedulingLag(50_000_000); // 50 ms late: saturated
            nextWindow();
            releaseAll(n);
        }
        int alone = admission.limit();
        assertThat(alone).as("sign-ups alone may use the CPU").isGreaterThan(4);
        for (int w = 0; w < 5; w++) {
            int n = fill();
            admission.schedulingLag(50_000_000);
            admission.messagingServed(1_000_000); // someone chats, and fast
            nextWindow();
            releaseAll(n);
        }
        assertThat(admission.limit()).isLessThan(alone);
    }

    @Test
    void growsWhileSignUpsAreTurnedAwayAndMessagingIsFast() {
        assertThat(fill()).isEqualTo(4);
        for (int w = 0; w < 20; w++) {
            admission.messagingServed(2_000_000); // 2 ms: fast
            nextWindow();
            releaseAll(admission.limit());
            fill(); // and turned away again
        }
        assertThat(admission.limit()).isGreaterThan(16).isLessThanOrEqualTo(64);
    }

    @Test
    void shrinksWhenMessagingSlowsDown() {
        for (int w = 0; w < 10; w++) {
            admission.messagingServed(2_000_000);
            int n = fill();
            nextWindow();
            admission.tryAcquire();
            releaseAll(n + 1);
        }
        int grown = admission.limit();
        for (int w = 0; w < 5; w++) {
            for (int i = 0; i < 100; i++) {
                admission.messagingServed(80_000_000); // 80 ms: messaging suffers
            }
            nextWindow();
            admission.tryAcquire();
            admission.release();
        }
        assertThat(admission.limit()).isLessThan(grown / 2).isPositive();
    }

    @Test
    void theCrowdTurnedAwayHearsToWaitLonger() {
        int admitted = fill();
        for (int i = 0; i < 1_000; i++) {
            admission.tryAcquire(); // refused
        }
        nextWindow();
        admission.tryAcquire();
        assertThat(admitted).isEqualTo(4);
        assertThat(admission.retryAfterSeconds()).isGreaterThan(1).isLessThanOrEqualTo(60);
    }
}
