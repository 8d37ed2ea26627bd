package org.ferry.core.auth;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.ferry.core.CoreConfig;
import org.ferry.core.id.IdGenerator;
import org.ferry.core.limit.RateLimit;
import org.ferry.core.limit.RateLimiter;
import org.ferry.core.model.Account;
import org.ferry.core.model.LoginCode;
import org.ferry.core.model.Session;
import org.ferry.core.push.PushBus;
import org.ferry.core.store.Stores;
import org.ferry.protocol.ErrorCode;
import org.ferry.protocol.FerryException;
import org.ferry.protocol.Update;

/**
 * Login by phone and one-time code, sign-up, and session tokens. Codes are stored only as salted
 * hashes, live {@code codeTtl}, are single use and die after {@code codeAttempts} wrong tries; tokens
 * are 256 random bits stored as SHA-256. Thread-safe.
 */
public final class AuthService {
    public static final int NAME_MAX = 64;

    /** How a code was sent: in-app to signed-in sessions, or through the external sender. */
    public enum Delivery { APP, SMS }

    public record SentCode(String phone, Delivery delivery, long expiresAt) {
    }

    /** The outcome of {@link #signIn}: a session, or the number has no account yet. */
    public sealed interface SignInResult {
        record SignedIn(String token, Session session, Account account) implements SignInResult {
        }

        record SignUpRequired(String phone) implements SignInResult {
        }
    }

    private final CoreConfig config;
    private final Stores stores;
    private final PushBus bus;
    private final CodeQueue codes;
    private final RateLimiter limiter;
    private final IdGenerator ids;
    private final RandomGenerator random;
    private final Clock clock;

    public AuthService(CoreConfig config, Stores stores, PushBus bus, CodeQueue codes, RateLimiter limiter,
                       IdGenerator ids, RandomGenerator random, Clock clock) {
        this.config = config;
        this.stores = stores;
        this.bus = bus;
        this.codes = codes;
        this.limiter = limiter;
        this.ids = ids;
        this.random = random;
        this.clock = clock;
    }

    /**
     * Deletes the login codes that expired unused (a number asked for and never signed in with), which nothing
     * else removes; returns how many. {@link org.ferry.core.FerryCore} calls it every minute.
     */
    public long sweepExpiredCodes() {
        long total = 0;
        int deleted;
        do {
            deleted = stores.loginCodes().deleteExpired(clock.millis(), SWEEP_BATCH);
            total += deleted;
        } while (deleted == SWEEP_BATCH);
        return total;
    }

    /** Codes one store call of {@link #sweepExpiredCodes} deletes at most. */
    static final int SWEEP_BATCH = 10_000;

    public SentCode sendCode(String phoneInput, String ip) {
        String phone = Phones.normalize(phoneInput);
        limiter.acquire(RateLimit.CODE_PER_IP, ip);
        limiter.acquire(RateLimit.CODE_PER_PHONE, phone);
        limiter.acquire(RateLimit.CODE_PER_PREFIX, Phones.prefix(phone));
        limiter.acquire(RateLimit.CODE_GLOBAL, "");
        String code = Secrets.newCode(random);
        String salt = Secrets.newSalt(random);
        long now = clock.millis();
        long expiresAt = now + config.codeTtl().toMillis();
        Optional<Account> account = stores.accounts().byPhone(phone);
        boolean inApp = account.isPresent() && bus.isOnline(account.get().id());
        if (!inApp) {
            codes.submit(phone, code); // may throw FLOOD_WAIT before any state changes
        }
        stores.loginCodes().put(new LoginCode(phone, Secrets.sha256(salt, phone, code), salt, now, expiresAt,
                config.codeAttempts()));
        if (inApp) {
            bus.toUsers(List.of(account.get().id()), new Update.LoginCode(code, expiresAt / 1000), null);
        }
        return new SentCode(phone, inApp ? Delivery.APP : Delivery.SMS, expiresAt);
    }

    public SignInResult signIn(String phoneInput, String code, String device, String ip) {
        String phone = Phones.normalize(phoneInput);
        limiter.acquire(RateLimit.SIGN_IN_PER_IP, ip);
        Optional<Account> account = stores.accounts().byPhone(phone);
        verifyCode(phone, code, account.isPresent());
        if (account.isEmpty()) {
            return new SignInResult.SignUpRequired(phone);
        }
        return openSession(account.get(), device, ip);
    }

    public SignInResult.SignedIn signUp(String phoneInput, String code, String firstName, String lastName,
                                        String device, String ip) {
        String phone = Phones.normalize(phoneInput);
        String first = firstName == null ? "" : firstName.strip();
        String last = lastName == null ? "" : lastName.strip();
        if (first.isEmpty() || first.length() > NAME_MAX) {
            throw new FerryException(ErrorCode.FIRSTNAME_INVALID);
        }
        if (last.length() > NAME_MAX) {
            throw new FerryException(ErrorCode.LASTNAME_INVALID);
        }
        limiter.acquire(RateLimit.SIGN_IN_PER_IP, ip);
        // The code is checked first, so that the answer says nothing about the number to a stranger.
        verifyCode(phone, code, true);
        if (stores.accounts().byPhone(phone).isPresent()) {
            throw new FerryException(ErrorCode.PHONE_NUMBER_OCCUPIED);
        }
        Account fresh = new Account(ids.next(), phone, first, last.isEmpty() ? null : last, null, null, false,
                clock.millis());
        // If a concurrent sign-up of the same number won, this signs in to that account.
        Account stored = stores.accounts().createIfAbsent(fresh);
        return openSession(stored, device, ip);
    }

    /** The session of a bearer token, or AUTH_KEY_UNREGISTERED. */
    public Session resume(String token) {
        if (token == null || token.isBlank() || token.length() > 128) {
            throw new FerryException(ErrorCode.AUTH_KEY_UNREGISTERED);
        }
        Session session = stores.sessions().byTokenHash(Secrets.sha256(token))
                .orElseThrow(() -> new FerryException(ErrorCode.AUTH_KEY_UNREGISTERED));
        long now = clock.millis();
        if (now - session.lastActiveAt() > 60_000) {
            stores.sessions().touch(session, now);
        }
        return session;
    }

    public void logOut(Session session) {
        stores.sessions().delete(session);
        bus.closeSession(session.userId(), session.id(), ErrorCode.SESSION_REVOKED);
    }

    public List<Session> sessions(long userId) {
        return stores.sessions().byUser(userId);
    }

    /** Ends one of the user's sessions; its live connections are cut off at once. */
    public void terminate(long userId, long sessionId) {
        Session target = stores.sessions().byUser(userId).stream()
                .filter(s -> s.id() == sessionId)
                .findFirst()
                .orElseThrow(() -> new FerryException(ErrorCode.SESSION_ID_INVALID));
        stores.sessions().delete(target);
        bus.closeSession(userId, target.id(), ErrorCode.SESSION_REVOKED);
    }

    private SignInResult.SignedIn openSession(Account account, String device, String ip) {
        String token = Secrets.newToken(random);
        long now = clock.millis();
        String deviceName = device == null || device.isBlank() ? "unknown device"
                : device.strip().substring(0, Math.min(64, device.strip().length()));
        Session session = new Session(ids.next(), account.id(), Secrets.sha256(token), deviceName, ip, now, now);
        stores.sessions().create(session);
        return new SignInResult.SignedIn(token, session, account);
    }

    /**
     * Checks the code; consumes it when {@code consume} (single use). Conditional store updates make
     * concurrent guesses count exactly.
     */
    private void verifyCode(String phone, String code, boolean consume) {
        if (code == null || code.isBlank()) {
            throw new FerryException(ErrorCode.PHONE_CODE_EMPTY);
        }
        while (true) {
            LoginCode stored = stores.loginCodes().get(phone)
                    .orElseThrow(() -> new FerryException(ErrorCode.PHONE_CODE_EXPIRED));
            if (clock.millis() > stored.expiresAt() || stored.attemptsLeft() <= 0) {
                stores.loginCodes().delete(stored);
                throw new FerryException(ErrorCode.PHONE_CODE_EXPIRED);
            }
            boolean matches = Secrets.constantTimeEquals(stored.codeHash(), Secrets.sha256(stored.salt(), phone, code.strip()));
            if (!matches) {
                LoginCode next = stored.withAttemptsLeft(stored.attemptsLeft() - 1);
                if (stores.loginCodes().replace(stored, next)) {
                    throw new FerryException(ErrorCode.PHONE_CODE_INVALID);
                }
                continue; // a concurrent try changed it; count this one against the new state
            }
            if (consume && !stores.loginCodes().delete(stored)) {
                continue; // someone else changed or used it meanwhile; re-check
            }
            return;
        }
    }
}
