package org.ferry.core.store;

import java.util.Optional;
import org.ferry.core.model.UsernameOwner;

/**
 * The case-insensitive username namespace shared by users and public chats. Callers pass names in
 * any case; implementations key them in {@link java.util.Locale#ROOT} lower case. Thread-safe.
 */
public interface UsernameStore {

    /** Takes {@code name} for {@code owner} if it is free or already the owner's; false if someone else holds it. */
    boolean claim(String name, UsernameOwner owner);

    /** Frees {@code name} if {@code owner} holds it; otherwise does nothing. */
    void release(String name, UsernameOwner owner);

    Optional<UsernameOwner> resolve(String name);
}
