package org.ferry.store.rocksdb;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.ferry.core.model.UsernameOwner;
import org.ferry.core.store.UsernameStore;

/** The username namespace in {@code usernames}, keyed by the lower-case name. Thread-safe. */
final class RocksDbUsernameStore implements UsernameStore {
    private final Engine engine;

    RocksDbUsernameStore(Engine engine) {
        this.engine = engine;
    }

    private static byte[] key(String name) {
        return Keys.text(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public boolean claim(String name, UsernameOwner owner) {
        byte[] key = key(name);
        ReentrantLock lock = engine.stripes.of(Stripes.Space.USERNAME, key);
        lock.lock();
        try {
            byte[] current = engine.get(Family.USERNAMES, key);
            if (current != null) {
                return Values.usernameOwner(current).equals(owner);
            }
            engine.put(Family.USERNAMES, key, Values.usernameOwner(owner));
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void release(String name, UsernameOwner owner) {
        byte[] key = key(name);
        ReentrantLock lock = engine.stripes.of(Stripes.Space.USERNAME, key);
        lock.lock();
        try {
            byte[] current = engine.get(Family.USERNAMES, key);
            if (current != null && Values.usernameOwner(current).equals(owner)) {
                engine.delete(Family.USERNAMES, key);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<UsernameOwner> resolve(String name) {
        return Optional.ofNullable(engine.get(Family.USERNAMES, key(name))).map(Values::usernameOwner);
    }
}
