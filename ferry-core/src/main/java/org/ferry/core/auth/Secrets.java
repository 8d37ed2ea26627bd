package org.ferry.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.random.RandomGenerator;

/** Hashing and generation of login codes and session tokens. Thread-safe if the random source is. */
final class Secrets {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private Secrets() {
    }

    /** A 6-digit code, uniformly distributed, leading zeros kept. */
    static String newCode(RandomGenerator random) {
        return String.format("%06d", random.nextInt(1_000_000));
    }

    /** 256 random bits, base64url. */
    static String newToken(RandomGenerator random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }

    static String newSalt(RandomGenerator random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }

    static String sha256(String... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                digest.update(part.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return B64.encodeToString(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
