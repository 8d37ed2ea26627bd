package org.ferry.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.ferry.core.CoreConfig;
import org.ferry.core.id.IdGenerator;
import org.ferry.core.limit.RateLimiter;
import org.ferry.core.push.LocalPushBus;
import org.ferry.core.store.memory.InMemoryStores;
import org.ferry.core.testkit.FakeClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Login codes nobody used are deleted once they expired, and only then. */
class CodeSweepTest {
    private final FakeClock clock = new FakeClock();
    private final InMemoryStores stores = new InMemoryStores();
    private final CoreConfig config = CoreConfig.defaults().withLimits(CoreConfig.RateLimits.unlimited());
    private final CodeQueue codes = new CodeQueue(new DevCodeSender(false), 20_000, 1_000_000);
    private final AuthService auth = new AuthService(config, stores, new LocalPushBus(), codes,
            new RateLimiter(clock, config.limits()), new IdGenerator(clock, 0), new SplittableRandom(7), clock);

    @AfterEach
    void close() {
        codes.close();
    }

    @Test
    void aCodeNobodyUsedIsDeletedAfterItExpiredAndALiveOneIsKept() {
        String abandoned = auth.sendCode("+4915112345678", "127.0.0.1").phone();
        assertThat(auth.sweepExpiredCodes()).isZero();
        assertThat(stores.loginCodes().get(abandoned)).isPresent();

        clock.advance(config.codeTtl().minusSeconds(10));
        String live = auth.sendCode("+4915187654321", "127.0.0.1").phone();
        clock.advance(Duration.ofSeconds(11)); // the first is now past its time, the second is not

        assertThat(auth.sweepExpiredCodes()).isEqualTo(1);
        assertThat(stores.loginCodes().get(abandoned)).isEmpty();
        assertThat(stores.loginCodes().get(live)).isPresent();
    }

    @Test
    void sweepsInBatchesUntilNothingExpiredIsLeft() {
        for (int i = 0; i < AuthService.SWEEP_BATCH + 5; i++) {
            auth.sendCode(String.format("+49151%08d", i), "127.0.0.1");
        }
        clock.advance(config.codeTtl().plusSeconds(1));

        assertThat(auth.sweepExpiredCodes()).isEqualTo(AuthService.SWEEP_BATCH + 5);
    }
}
