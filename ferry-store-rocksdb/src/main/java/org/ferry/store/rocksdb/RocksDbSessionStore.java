package org.ferry.store.rocksdb;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.ferry.core.model.Session;
import org.ferry.core.store.SessionStore;

/**
 * Sessions in {@code sessions} by token hash; {@code user_sessions} indexes them by user and session id
 * and holds only the token hash, so a touch rewrites one row. Thread-safe.
 */
final class RocksDbSessionStore implements SessionStore {
    private final Engine engine;

    RocksDbSessionStore(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void create(Session session) {
        byte[] key = Keys.text(session.tokenHash());
        ReentrantLock lock = engine.stripes.of(Stripes.Space.SESSION, key);
        lock.lock();
        try (Engine.Batch batch = engine.batch()) {
            batch.put(Family.SESSIONS, key, Values.session(session))
                    .put(Family.USER_SESSIONS, Keys.of(session.userId(), session.id()), key);
            engine.write(batch);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Session> byTokenHash(String tokenHash) {
        return Optional.ofNullable(engine.get(Family.SESSIONS, Keys.text(tokenHash))).map(Values::session);
    }

    @Override
    public List<Session> byUser(long userId) {
        // Session ids are time-ordered, so key order is creation order.
        List<byte[]> tokens = engine.scanPrefix(Family.USER_SESSIONS, Keys.of(userId), (key, value) -> value);
        List<Session> out = new ArrayList<>(tokens.size());
        for (byte[] value : engine.multiGet(Family.SESSIONS, tokens)) {
            if (value != null) {
                out.add(Values.session(value));
            }
        }
        return out;
    }

    @Override
    public void touch(Session session, long at) {
        byte[] key = Keys.text(session.tokenHash());
        ReentrantLock lock = engine.stripes.of(Stripes.Space.SESSION, key);
        lock.lock();
        try {
            byte[] current = engine.get(Family.SESSIONS, key);
            if (current != null) {
                engine.put(Family.SESSIONS, key, Values.session(Values.session(current).touchedAt(at)));
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean delete(Session session) {
        byte[] key = Keys.text(session.tokenHash());
        ReentrantLock lock = engine.stripes.of(Stripes.Space.SESSION, key);
        lock.lock();
        try (Engine.Batch batch = engine.batch()) {
            byte[] current = engine.get(Family.SESSIONS, key);
            if (current == null) {
                return false;
            }
            Session stored = Values.session(current);
            batch.delete(Family.SESSIONS, key).delete(Family.USER_SESSIONS, Keys.of(stored.userId(), stored.id()));
            engine.write(batch);
            return true;
        } finally {
            lock.unlock();
        }
    }
}
