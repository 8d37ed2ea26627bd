package org.ferry.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ferry.core.CoreConfig;
import org.ferry.core.model.LoginCode;
import org.ferry.core.store.LoginCodeStore;
import org.ferry.core.store.memory.InMemoryStores;
import org.ferry.core.testkit.CoreKit;
import org.ferry.core.testkit.ForwardingStores;
import org.ferry.protocol.ErrorCode;
import org.junit.jupiter.api.Test;

/**
 * A sign-up surge is admitted up to a concurrency bound; beyond it new sign-ups are told to wait, at once, while
 * sign-ups already let in finish.
 */
class SignupAdmissionApiTest {
    /** The in-memory backend, except that storing a login code waits until the test lets it go. */
    private static final class SlowCodeStores extends ForwardingStores {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean slow;
        volatile String putBy;

        SlowCodeStores() {
            super(new InMemoryStores());
        }

        @Override
        public LoginCodeStore loginCodes() {
            LoginCodeStore codes = inner.loginCodes();
            return new LoginCodeStore() {
                @Override
                public void put(LoginCode code) {
                    putBy = Thread.currentThread().getName();
                    if (!slow) {
                        codes.put(code);
                        return;
                    }
                    entered.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    codes.put(code);
                }

                @Override public Optional<LoginCode> get(String phone) { return codes.get(phone); }
                @Override public boolean replace(LoginCode expected, LoginCode next) { return codes.replace(expected, next); }
                @Override public boolean delete(LoginCode expected) { return codes.delete(expected); }
                @Override public int deleteExpired(long now, int limit) { return codes.deleteExpired(now, limit); }
            };
        }

    }

    @Test
    void whilePeopleChatSignUpsRunOnTheLowPriorityThreadsAndAloneOnTheCallers() throws Exception {
        SlowCodeStores stores = new SlowCodeStores();
        CoreConfig config = CoreConfig.defaults().withLimits(CoreConfig.RateLimits.unlimited());
        try (CoreKit kit = new CoreKit(stores, config)) {
            kit.device().call("auth.sendCode", Map.of("phone", kit.nextPhone()));
            assertThat(stores.putBy).as("nobody chats").doesNotStartWith("signup-");

            CoreKit.Device a = kit.signUp("Ada");
            CoreKit.Device b = kit.signUp("Bob");
            long chat = a.call("chats.openPrivate", Map.of("userId", b.userId())).get("id").asLong();
            long until = System.nanoTime() + 400_000_000L;
            while (System.nanoTime() < until) { // chat through two admission windows
                a.call("messages.send", Map.of("chatId", chat, "text", "hi"));
                Thread.sleep(10);
            }
            kit.device().call("auth.sendCode", Map.of("phone", kit.nextPhone()));
            assertThat(stores.putBy).as("people chat").startsWith("signup-");
        }
    }

    @Test
    void beyondTheBoundSignUpCallsGetFloodWaitWhileMessagingGoesOn() throws Exception {
        SlowCodeStores stores = new SlowCodeStores();
        CoreConfig config = CoreConfig.defaults().withLimits(CoreConfig.RateLimits.unlimited()).withSignupConcurrency(1);
        try (CoreKit kit = new CoreKit(stores, config)) {
            CoreKit.Device a = kit.signUp("Ada");
            CoreKit.Device b = kit.signUp("Bob");
            long chat = a.call("chats.openPrivate", Map.of("userId", b.userId())).get("id").asLong();
            CoreKit.Device carol = kit.device();
            String carolsPhone = kit.nextPhone();
            carol.call("auth.sendCode", Map.of("phone", carolsPhone));
            String carolsCode = kit.codeFor(carolsPhone);

            stores.slow = true;
            Thread holder = Thread.ofVirtual().start(() -> kit.device().call("auth.sendCode", Map.of("phone", kit.nextPhone())));
            assertThat(stores.entered.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(kit.device().fails("auth.sendCode", Map.of("phone", kit.nextPhone()))).isEqualTo(ErrorCode.FLOOD_WAIT);
            // the one sign-up in progress holds the only permit; messaging needs none
            assertThat(a.call("messages.send", Map.of("chatId", chat, "text", "unaffected")).get("id").asLong()).isEqualTo(1);
            // and a caller let in before, with its code in hand, finishes: only the start of a sign-up waits
            assertThat(carol.call("auth.signIn", Map.of("phone", carolsPhone, "code", carolsCode)).get("status").asText())
                    .isEqualTo("signUpRequired");
            assertThat(carol.call("auth.signUp", Map.of("phone", carolsPhone, "code", carolsCode, "firstName", "Carol"))
                    .get("user").get("id").asLong()).isPositive();

            stores.slow = false;
            stores.release.countDown();
            holder.join();
            kit.device().call("auth.sendCode", Map.of("phone", kit.nextPhone())); // admitted again
        }
    }
}
