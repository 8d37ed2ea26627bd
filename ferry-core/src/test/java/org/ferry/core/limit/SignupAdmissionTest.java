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

    /** A node whose limit is at its ceiling: its capacity is known, so the wait it tells can rise. */
    private final SignupAdmission atCeiling = new SignupAdmission(4, 4, 20_000_000L, now::get);

    private int fill() {
        return fill(admission);
    }

    private static int fill(SignupAdmission a) {
        int admitted = 0;
        while (a.tryAcquire()) {
            admitted++;
        }
        return admitted;
    }

    private void releaseAll(int n) {
        releaseAll(admission, n);
    }

    private static void releaseAll(SignupAdmission a, int n) {
        for (int i = 0; i < n; i++) {
            a.release();
        }
    }

    @Test
    void turnsCallsAwayEarlyOnlyWhenFullAndCountsThemForRetryAfter() {
        assertThat(atCeiling.full()).isFalse();
        assertThat(atCeiling.turnAwayEarly()).isFalse();
        assertThat(fill(atCeiling)).isEqualTo(4);
        assertThat(atCeiling.full()).isTrue();
        for (int i = 0; i < 40; i++) {
            assertThat(atCeiling.turnAwayEarly()).isTrue();
        }
        nextWindow();
        atCeiling.tryAcquire(); // rolls the window: 41 turned away, 4 admitted, so the target is 11 s
        assertThat(atCeiling.retryAfterSeconds()).as("rises a second per window").isEqualTo(2);
        releaseAll(atCeiling, 4);
        assertThat(atCeiling.full()).isFalse();
    }

    @Test
    void retryAfterRampsUpUnderASustainedCrowdAndFallsWhenItIsGone() {
        List<Integer> seen = new ArrayList<>();
        for (int w = 0; w < 14; w++) {
            int n = fill(atCeiling); // its first call closes the previous window
            seen.add(atCeiling.retryAfterSeconds());
            for (int i = 0; i < 10 * n - 1; i++) {
                atCeiling.tryAcquire(); // with fill's last refusal: ten turned away for each one let in
            }
            releaseAll(atCeiling, n);
            nextWindow();
        }
        // ten refusals per admission of callers told T seconds is a crowd of 10T admissions: 10T / 5 windows per second
        assertThat(seen).startsWith(1, 2, 3, 4).isSorted().endsWith(13, 14);
        atCeiling.tryAcquire(); // closes the last crowded window
        atCeiling.release();
        List<Integer> falling = new ArrayList<>();
        for (int w = 0; w < 25; w++) {
            nextWindow();
            atCeiling.tryAcquire(); // closes a quiet window: one let in, none turned away
            atCeiling.release();
            falling.add(atCeiling.retryAfterSeconds());
        }
        // the smoothed estimate lags a second behind, then the wait falls to 1 s within five seconds
        assertThat(falling.subList(6, 25)).as("falls once the crowd is gone")
                .isSortedAccordingTo(java.util.Comparator.reverseOrder()).endsWith(1, 1);
    }

    @Test
    void aColdNodeStillGrowingItsLimitDoesNotSendItsCrowdAwayForLong() {
        for (int w = 0; w < 10; w++) { // ten refused per one let in, but the limit grows every window
            int n = fill();
            for (int i = 0; i < 10 * n; i++) {
                admission.tryAcquire();
            }
            releaseAll(n);
            nextWindow();
        }
        assertThat(admission.limit()).isGreaterThan(4).isLessThan(64);
        assertThat(admission.retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void aCrowdThatWaitsAsToldHearsHowLongItsTurnTakes() {
        // 3,000 callers arrive over 10 s (60 per 200 ms window); the node lets in 4 per window (20/s), so the last
        // waits ~150 s. Each caller comes back when told. The wait they hear must track the queue, not its square
        // root: the old rule (refusals per admission) settled near 10 s here and had each caller retry ~10 times.
        SignupAdmission slow = new SignupAdmission(4, 4, 20_000_000L, now::get);
        java.util.PriorityQueue<long[]> waiting = new java.util.PriorityQueue<>((x, y) -> Long.compare(x[0], y[0]));
        int arrived = 0;
        long refusals = 0;
        int window = 0;
        List<Integer> heard = new ArrayList<>();
        for (; window < 5_000 && (arrived < 3_000 || !waiting.isEmpty()); window++) {
            for (int i = 0; i < 60 && arrived < 3_000; i++, arrived++) {
                waiting.add(new long[] {window});
            }
            int admitted = 0;
            while (!waiting.isEmpty() && waiting.peek()[0] <= window) {
                long[] caller = waiting.poll();
                if (slow.tryAcquire()) {
                    admitted++;
                } else {
                    refusals++;
                    caller[0] = window + slow.retryAfterForCaller() * 5L;
                    waiting.add(caller);
                }
            }
            for (int i = 0; i < admitted; i++) {
                slow.release();
            }
            if (window % 25 == 0) {
                heard.add(slow.retryAfterSeconds());
            }
            nextWindow();
        }
        assertThat(waiting).as("everyone got in").isEmpty();
        assertThat(window).as("near the rate the node admits (750 windows), idle only now and then")
                .isLessThan(3_000 / 4 * 3 / 2);
        assertThat(heard.subList(2, 10)).as("while the crowd is big its wait is long").allMatch(s -> s >= 30);
        assertThat(refusals).as("each caller came back two or three times, not ten").isLessThan(3 * 3_000);
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
    void aBusyMachineCutsSignUpsWhileSomeoneIsChattingAndSaysSo() {
        double[] busy = {0.95};
        SignupAdmission gauged = new SignupAdmission(16, 64, 20_000_000L, now::get, () -> busy[0]);
        for (int w = 0; w < 3; w++) { // nobody chats: the sign-ups may have the whole machine
            nextWindow();
            gauged.tryAcquire();
            gauged.release();
        }
        assertThat(gauged.chatting()).isFalse();
        assertThat(gauged.limit()).isEqualTo(16);
        for (int w = 0; w < 3; w++) {
            gauged.messagingServed(1_000_000); // fast, yet the machine has no CPU to spare
            nextWindow();
            gauged.tryAcquire();
            gauged.release();
        }
        assertThat(gauged.chatting()).isTrue();
        assertThat(gauged.limit()).isLessThan(16);
        int cut = gauged.limit();
        busy[0] = 0.5;
        for (int w = 0; w < 3; w++) {
            gauged.messagingServed(1_000_000);
            int n = 0;
            while (gauged.tryAcquire()) { // fill: the last one is turned away
                n++;
            }
            nextWindow();
            n += gauged.tryAcquire() ? 1 : 0; // closes the window
            for (int i = 0; i < n; i++) {
                gauged.release();
            }
        }
        assertThat(gauged.limit()).as("headroom again: grows").isGreaterThan(cut);
    }

    @Test
    void followUpsOfAdmittedSignUpsAreNeverTurnedAwayButCount() {
        assertThat(fill()).isEqualTo(4);
        admission.acquireFollowUp(); // over the limit, yet let in
        assertThat(admission.full()).isTrue();
        releaseAll(5);
        assertThat(admission.full()).isFalse();
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
        int admitted = fill(atCeiling);
        for (int i = 0; i < 1_000; i++) {
            atCeiling.tryAcquire(); // refused
        }
        nextWindow();
        atCeiling.tryAcquire();
        assertThat(admitted).isEqualTo(4);
        assertThat(atCeiling.retryAfterSeconds()).isGreaterThan(1).isLessThanOrEqualTo(60);
    }
}
