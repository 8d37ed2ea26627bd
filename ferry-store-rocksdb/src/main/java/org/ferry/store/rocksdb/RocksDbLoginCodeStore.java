package org.ferry.store.rocksdb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import org.ferry.core.model.LoginCode;
import org.ferry.core.store.LoginCodeStore;

/**
 * Pending login codes in {@code login_codes} by phone. Every write holds the phone's stripe, so a
 * conditional replace or delete compares against the value no other writer can change meanwhile.
 * Thread-safe.
 */
final class RocksDbLoginCodeStore implements LoginCodeStore {
    /** Rows a sweep reads at a time, holding no lock while it reads. */
    private static final int SWEEP_PAGE = 1_000;

    private final Engine engine;

    RocksDbLoginCodeStore(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void put(LoginCode code) {
        byte[] key = Keys.text(code.phone());
        ReentrantLock lock = engine.stripes.of(Stripes.Space.LOGIN_CODE, key);
        lock.lock();
        try {
            engine.put(Family.LOGIN_CODES, key, Values.loginCode(code));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<LoginCode> get(String phone) {
        return Optional.ofNullable(engine.get(Family.LOGIN_CODES, Keys.text(phone))).map(Values::loginCode);
    }

    @Override
    public boolean replace(LoginCode expected, LoginCode next) {
        if (!expected.phone().equals(next.phone())) {
            throw new IllegalArgumentException("a login code cannot move to another phone");
        }
        byte[] key = Keys.text(expected.phone());
        ReentrantLock lock = engine.stripes.of(Stripes.Space.LOGIN_CODE, key);
        lock.lock();
        try {
            if (!isStored(key, expected)) {
                return false;
            }
            engine.put(Family.LOGIN_CODES, key, Values.loginCode(next));
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean delete(LoginCode expected) {
        byte[] key = Keys.text(expected.phone());
        ReentrantLock lock = engine.stripes.of(Stripes.Space.LOGIN_CODE, key);
        lock.lock();
        try {
            if (!isStored(key, expected)) {
                return false;
            }
            engine.delete(Family.LOGIN_CODES, key);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads the family a page at a time and deletes each expired code under its stripe, as {@link #delete} does,
     * but queues the deletion and lets go of the stripe at once instead of holding it through the commit: the
     * deletions of a page then share the committer's rounds, and the stripes (shared with chats' appends) are held
     * for microseconds. A writer that takes the stripe next is ordered after the queued deletion; one that
     * compares meanwhile still sees the expired code, which it may only delete again or replace by a code that
     * is just as expired ({@code AuthService} deletes a code once it finds it expired).
     */
    @Override
    public int deleteExpired(long now, int limit) {
        List<CompletableFuture<Void>> queued = new ArrayList<>();
        byte[] from = null;
        while (queued.size() < limit) {
            List<Map.Entry<byte[], LoginCode>> page = engine.scan(Family.LOGIN_CODES, from, null, false, SWEEP_PAGE,
                    (key, value) -> Map.entry(key, Values.loginCode(value)));
            for (var row : page) {
                if (queued.size() < limit && row.getValue().expiresAt() < now) {
                    queueDelete(row.getKey(), row.getValue(), queued);
                }
            }
            if (page.size() < SWEEP_PAGE) {
                break;
            }
            byte[] last = page.getLast().getKey();
            from = Arrays.copyOf(last, last.length + 1); // the first key after it
        }
        for (CompletableFuture<Void> done : queued) {
            Engine.await(done);
        }
        return queued.size();
    }

    private void queueDelete(byte[] key, LoginCode expected, List<CompletableFuture<Void>> queued) {
        ReentrantLock lock = engine.stripes.of(Stripes.Space.LOGIN_CODE, key);
        lock.lock();
        try {
            if (isStored(key, expected)) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                try (Engine.Batch batch = engine.batch()) {
                    engine.queue(batch.delete(Family.LOGIN_CODES, key), null, GroupCommitter.Outcome.NONE, done);
                }
                queued.add(done);
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean isStored(byte[] key, LoginCode expected) {
        byte[] current = engine.get(Family.LOGIN_CODES, key);
        return current != null && Values.loginCode(current).equals(expected);
    }
}
