package org.ferry.core.store;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.ferry.core.model.Account;

/** Accounts by id, with a unique phone index. Thread-safe. */
public interface AccountStore {

    /**
     * Stores {@code account} unless its phone number already belongs to an account; returns the stored
     * account for that number (the given one, or the existing one). Conditional on the phone index.
     */
    Account createIfAbsent(Account account);

    Optional<Account> get(long id);

    /** The accounts among {@code ids} that exist, by id. */
    Map<Long, Account> getAll(Collection<Long> ids);

    Optional<Account> byPhone(String e164);

    /** Replaces the profile fields of an existing account (the phone never changes here). */
    void update(Account account);

    /** Records when the user was last online (epoch seconds), replacing the earlier time. */
    void setLastSeen(long userId, long epochSeconds);

    /** The last-seen times (epoch seconds) of those among {@code userIds} that have one, by user id. */
    Map<Long, Long> lastSeen(Collection<Long> userIds);
}
