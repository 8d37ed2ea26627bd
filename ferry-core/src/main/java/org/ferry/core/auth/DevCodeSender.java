package org.ferry.core.auth;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The development sink: prints login codes to the server log so a developer can sign in without an
 * SMS gateway, and keeps the last code per number for tests. Never use it in production: it is the one
 * place where codes are logged, on purpose. Thread-safe.
 */
public final class DevCodeSender implements CodeSender {
    private static final Logger LOG = LoggerFactory.getLogger(DevCodeSender.class);
    private static final int MAX_REMEMBERED = 100_000;

    private final Map<String, String> lastCodes = new ConcurrentHashMap<>();
    private final boolean log;

    /** @param log whether to print codes (false for load tests, which read them with {@link #lastCode}) */
    public DevCodeSender(boolean log) {
        this.log = log;
    }

    @Override
    public void send(String phone, String code) {
        if (lastCodes.size() > MAX_REMEMBERED) {
            lastCodes.clear();
        }
        lastCodes.put(phone, code);
        if (log) {
            LOG.info("DEV login code for {}: {}", phone, code);
        }
    }

    /** The last code sent to {@code phone} (E.164). */
    public Optional<String> lastCode(String phone) {
        return Optional.ofNullable(lastCodes.get(phone));
    }

    /** Removes and returns the last code sent to {@code phone}, so a test can wait for the next one. */
    public Optional<String> takeCode(String phone) {
        return Optional.ofNullable(lastCodes.remove(phone));
    }

    @Override
    public String name() {
        return "dev";
    }
}
