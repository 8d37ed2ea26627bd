package org.ferry.core.store;

import java.util.List;
import java.util.Optional;
import org.ferry.core.model.Session;

/** Signed-in sessions by token hash, with a per-user index. Thread-safe. */
public interface SessionStore {

    void create(Session session);

    Optional<Session> byTokenHash(String tokenHash);

    /** The user's sessions, oldest first. */
    List<Session> byUser(long userId);

    /** Records activity; a no-op if the session was deleted meanwhile. */
    void touch(Session session, long at);

    /** Deletes the session from both indexes; false if it was already gone. */
    boolean delete(Session session);
}
