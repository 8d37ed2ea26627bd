package org.ferry.core.model;

/**
 * A signed-in device of an account. Only the SHA-256 of the bearer token is kept ({@code tokenHash},
 * base64url), so a leaked store does not leak usable tokens. Times are epoch milliseconds.
 */
public record Session(long id, long userId, String tokenHash, String device, String ip, long createdAt,
                      long lastActiveAt) {

    public Session touchedAt(long at) {
        return new Session(id, userId, tokenHash, device, ip, createdAt, at);
    }
}
