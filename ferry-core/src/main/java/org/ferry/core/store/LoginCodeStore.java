package org.ferry.core.store;

import java.util.Optional;
import org.ferry.core.model.LoginCode;

/**
 * Pending login codes, one per phone number. Updates are conditional so that concurrent guesses on
 * several nodes cannot exceed the allowed tries or use a code twice. Thread-safe.
 */
public interface LoginCodeStore {

    /** Stores the code for its phone, replacing any earlier one. */
    void put(LoginCode code);

    Optional<LoginCode> get(String phone);

    /** Replaces {@code expected} by {@code next} only if the stored code still equals {@code expected}. */
    boolean replace(LoginCode expected, LoginCode next);

    /** Deletes the code only if the stored one still equals {@code expected}; true if this call deleted it. */
    boolean delete(LoginCode expected);

    /**
     * Deletes up to {@code limit} codes that expired before {@code now} (epoch ms) and returns how many it deleted.
     * A code replaced meanwhile by a new one is kept. Codes nobody uses would otherwise stay forever (a number
     * asked for and never signed in with); the core calls this periodically. The deletions need not be durable
     * when it returns: one lost in a crash is found again by the next call.
     */
    int deleteExpired(long now, int limit);
}
