package org.ferry.store.rocksdb;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of locks chosen by key hash: the read-check-write steps of conditional operations and
 * of chat appends hold the lock of their key, so they are atomic within the process without a lock
 * per key. Callers hold at most one stripe at a time, so stripes cannot deadlock. Thread-safe.
 */
final class Stripes {
    /** Separate key spaces, so that equal ids of different kinds spread over different stripes. */
    enum Space { PHONE, ACCOUNT, USERNAME, LOGIN_CODE, SESSION, PRIVATE_PAIR, CHAT_ROW, CHAT_LOG, CHAT_MEMBERS, DIALOG }

    private final ReentrantLock[] locks;

    Stripes(int count) {
        if (Integer.bitCount(count) != 1) {
            throw new IllegalArgumentException("stripe count must be a power of two: " + count);
        }
        locks = new ReentrantLock[count];
        Arrays.setAll(locks, i -> new ReentrantLock());
    }

    ReentrantLock of(Space space, long id) {
        return pick(space, Long.hashCode(id));
    }

    ReentrantLock of(Space space, long a, long b) {
        return pick(space, 31 * Long.hashCode(a) + Long.hashCode(b));
    }

    ReentrantLock of(Space space, byte[] key) {
        return pick(space, Arrays.hashCode(key));
    }

    private ReentrantLock pick(Space space, int hash) {
        // Fibonacci hashing spreads sequential ids; the space keeps kinds apart.
        int h = (hash + space.ordinal() * 0x61C88647) * 0x9E3779B9;
        return locks[(h ^ (h >>> 16)) & (locks.length - 1)];
    }
}
