package org.ferry.store.rocksdb;

import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.ferry.core.model.LoginCode;
import org.ferry.core.store.LoginCodeStore;

/**
 * Pending login codes in {@code login_codes} by phone. Every write holds the phone's stripe, so a
 * conditional replace or delete compares against the value no other writer can change meanwhile.
 * Thread-safe.
 */
final class RocksDbLoginCodeStore implements LoginCodeStore {
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

    private boolean isStored(byte[] key, LoginCode expected) {
        byte[] current = engine.get(Family.LOGIN_CODES, key);
        return current != null && Values.loginCode(current).equals(expected);
    }
}
