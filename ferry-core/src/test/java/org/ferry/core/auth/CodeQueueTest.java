package org.ferry.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.ferry.protocol.ErrorCode;
import org.ferry.protocol.FerryException;
import org.junit.jupiter.api.Test;

class CodeQueueTest {
    /** A sender that records what it was handed. */
    private static final class RecordingSender implements CodeSender {
        final Set<String> phones = ConcurrentHashMap.newKeySet();

        @Override
        public void send(String phone, String code) {
            phones.add(phone);
        }

        @Override
        public String name() {
            return "recording";
        }
    }

    @Test
    void deliversEverythingQueuedAtAGenerousRate() throws Exception {
        RecordingSender sender = new RecordingSender();
        try (CodeQueue queue = new CodeQueue(sender, 1_000, 100_000)) {
            for (int i = 0; i < 500; i++) {
                queue.submit("+491511234" + String.format("%04d", i), "123456");
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (sender.phones.size() < 500 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(sender.phones).hasSize(500);
            assertThat(queue.sent()).isEqualTo(500);
        }
    }

    @Test
    void aFullQueueAnswersFloodWaitInsteadOfWaiting() {
        RecordingSender sender = new RecordingSender();
        // one code per 1,000 s: after the first, everything stays queued
        try (CodeQueue queue = new CodeQueue(sender, 2, 0.001)) {
            FerryException refused = null;
            for (int i = 0; i < 10 && refused == null; i++) {
                try {
                    queue.submit("+49151123450" + i, "123456");
                } catch (FerryException e) {
                    refused = e;
                }
            }
            assertThat(refused).isNotNull();
            assertThat(refused.code()).isEqualTo(ErrorCode.FLOOD_WAIT);
            assertThat(refused.retryAfterSeconds()).isPositive();
            assertThat(sender.phones).hasSizeLessThanOrEqualTo(1); // the rate holds the rest back
        }
    }
}
