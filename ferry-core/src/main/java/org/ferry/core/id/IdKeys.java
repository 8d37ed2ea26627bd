package org.ferry.core.id;

/**
 * Hash-map keys for Ferry ids. An id's varying bits are its milliseconds, from bit 13 up ({@link IdGenerator}), and
 * its low bits are a small sequence number, so {@code Long.hashCode} of ids made one after another puts eight
 * consecutive milliseconds into one bucket of a {@code HashMap} or {@code ConcurrentHashMap}: 2,000 users made
 * over two seconds fill 250 of a 4,096-bucket table, eight to a bucket, and more when several are made per
 * millisecond (the profile showed the maps' tree bins). {@link #of} maps ids one-to-one onto well-spread keys;
 * maps keyed by it cannot hand the id back, so use it only where the id is never read from the key. Thread-safe.
 */
public final class IdKeys {
    private IdKeys() {
    }

    /** A key for {@code id}: distinct ids give distinct keys (the mix is a bijection), spread over all bits. */
    public static Long of(long id) {
        long z = id * 0x9E3779B97F4A7C15L;
        return z ^ (z >>> 29);
    }
}
