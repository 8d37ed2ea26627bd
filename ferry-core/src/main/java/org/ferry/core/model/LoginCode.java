package org.ferry.core.model;

/**
 * A pending login code for one phone number: only a salted hash of the code is stored. It expires at
 * {@code expiresAt} (epoch ms), dies after its last wrong try, and is deleted when used.
 */
public record LoginCode(String phone, String codeHash, String salt, long createdAt, long expiresAt,
                        int attemptsLeft) {

    public LoginCode withAttemptsLeft(int left) {
        return new LoginCode(phone, codeHash, salt, createdAt, expiresAt, left);
    }
}
