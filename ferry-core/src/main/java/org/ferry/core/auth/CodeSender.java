package org.ferry.core.auth;

/**
 * Delivers a login code outside the app (SMS gateway, development log). In-app delivery to the
 * account's signed-in sessions is done by {@link AuthService} itself. Implementations may block (they
 * run on the code queue's worker), must be thread-safe and must never log the code except the
 * development sink, whose whole purpose is to.
 */
public interface CodeSender {
    /** Sends {@code code} for {@code phone} (E.164); throws on failure so the queue can count it. */
    void send(String phone, String code) throws Exception;

    /** A short name for logs and metrics ("dev", "webhook"). */
    String name();
}
