package org.ferry.store.rocksdb;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Key layouts (see {@code package-info.java}): big-endian longs, so that RocksDB's bytewise order is
 * numeric order for the non-negative ids Ferry uses, and a composite key's first part is a scan prefix.
 */
final class Keys {
    private Keys() {
    }

    static byte[] of(long a) {
        return put(new byte[8], 0, a);
    }

    static byte[] of(long a, long b) {
        return put(put(new byte[16], 0, a), 8, b);
    }

    static byte[] of(long a, long b, long c) {
        return put(put(put(new byte[24], 0, a), 8, b), 16, c);
    }

    /** A long and a one-byte tag, for several counters that share one id. */
    static byte[] tagged(long a, byte tag) {
        byte[] key = put(new byte[9], 0, a);
        key[8] = tag;
        return key;
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static long longAt(byte[] key, int offset) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (key[offset + i] & 0xFF);
        }
        return v;
    }

    /** The smallest key greater than every key that starts with {@code prefix}; null if there is none. */
    static byte[] prefixEnd(byte[] prefix) {
        byte[] end = Arrays.copyOf(prefix, prefix.length);
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xFF) {
                end[i]++;
                return Arrays.copyOf(end, i + 1);
            }
        }
        return null;
    }

    /**
     * The first key of the ids above {@code afterId} under {@code prefix}, or null when none can exist.
     * Negative ids would sort after all positive ones, so a negative {@code afterId} starts at 0.
     */
    static byte[] after(long prefix, long afterId) {
        if (afterId == Long.MAX_VALUE) {
            return null;
        }
        return of(prefix, Math.max(afterId + 1, 0));
    }

    static byte[] after(long prefix1, long prefix2, long afterId) {
        if (afterId == Long.MAX_VALUE) {
            return null;
        }
        return of(prefix1, prefix2, Math.max(afterId + 1, 0));
    }

    private static byte[] put(byte[] key, int offset, long v) {
        for (int i = 7; i >= 0; i--) {
            key[offset + i] = (byte) v;
            v >>>= 8;
        }
        return key;
    }
}
