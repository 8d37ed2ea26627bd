package org.ferry.core.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.ferry.core.CoreConfig;
import org.ferry.core.testkit.FakeClock;
import org.ferry.protocol.ErrorCode;
import org.ferry.protocol.FerryException;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    @Test
    void burstThenFloodWaitWithRetryAfterThenRefill() {
        FakeClock clock = new FakeClock();
        // 10 codes per phone per hour, burst 5
        RateLimiter limiter = new RateLimiter(clock, CoreConfig.RateLimits.defaults());
        for (int i = 0; i < 5; i++) {
            limiter.acquire(RateLimit.CODE_PER_PHONE, "+4915112345678");
        }
        assertThatThrownBy(() -> limiter.acquire(RateLimit.CODE_PER_PHONE, "+4915112345678"))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.FLOOD_WAIT);
                    assertThat(e.retryAfterSeconds()).isBetween(300, 360);
                });
        limiter.acquire(RateLimit.CODE_PER_PHONE, "+4915187654321"); // other keys are unaffected
        clock.advance(Duration.ofMinutes(6));
        limiter.acquire(RateLimit.CODE_PER_PHONE, "+4915112345678");
    }
}
