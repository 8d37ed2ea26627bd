package org.ferry.store.rocksdb;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.ferry.core.model.Account;
import org.ferry.core.store.AccountStore;

/** Accounts in {@code accounts} with the unique phone index in {@code phones}. Thread-safe. */
final class RocksDbAccountStore implements AccountStore {
    private final Engine engine;

    RocksDbAccountStore(Engine engine) {
        this.engine = engine;
    }

    @Override
    public Account createIfAbsent(Account account) {
        byte[] phoneKey = Keys.text(account.phone());
        ReentrantLock lock = engine.stripes.of(Stripes.Space.PHONE, phoneKey);
        lock.lock();
        try {
            byte[] existing = engine.get(Family.PHONES, phoneKey);
            if (existing != null) {
                return get(Values.rawLong(existing)).orElseThrow(() ->
                        new IllegalStateException("phone index points at a missing account"));
            }
            try (Engine.Batch batch = engine.batch()) {
                batch.put(Family.ACCOUNTS, Keys.of(account.id()), Values.account(account))
                        .put(Family.PHONES, phoneKey, Values.rawLong(account.id()));
                engine.write(batch);
            }
            return account;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Account> get(long id) {
        return Optional.ofNullable(engine.get(Family.ACCOUNTS, Keys.of(id))).map(Values::account);
    }

    @Override
    public Map<Long, Account> getAll(Collection<Long> ids) {
        return byId(Family.ACCOUNTS, ids, Values::account);
    }

    @Override
    public Optional<Account> byPhone(String e164) {
        byte[] id = engine.get(Family.PHONES, Keys.text(e164));
        return id == null ? Optional.empty() : get(Values.rawLong(id));
    }

    @Override
    public void update(Account account) {
        ReentrantLock lock = engine.stripes.of(Stripes.Space.ACCOUNT, account.id());
        lock.lock();
        try {
            Account old = get(account.id()).orElseThrow(() -> new IllegalArgumentException("no account " + account.id()));
            Account next = new Account(old.id(), old.phone(), account.firstName(), account.lastName(),
                    account.username(), account.bio(), account.bot(), old.createdAt());
            engine.put(Family.ACCOUNTS, Keys.of(account.id()), Values.account(next));
        } finally {
            lock.unlock();
        }
    }

    /** Not under a lock: each write is the time of a disconnect, so the last one to land is about as recent. */
    @Override
    public void setLastSeen(long userId, long epochSeconds) {
        engine.put(Family.LAST_SEEN, Keys.of(userId), Values.rawLong(epochSeconds));
    }

    @Override
    public Map<Long, Long> lastSeen(Collection<Long> userIds) {
        return byId(Family.LAST_SEEN, userIds, Values::rawLong);
    }

    /** The rows of {@code family} keyed by the given ids that exist, decoded, in the order asked. */
    private <T> Map<Long, T> byId(Family family, Collection<Long> ids, Function<byte[], T> decode) {
        List<Long> order = List.copyOf(ids);
        List<byte[]> values = engine.multiGet(family, order.stream().map(Keys::of).toList());
        Map<Long, T> out = new LinkedHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            if (values.get(i) != null) {
                out.put(order.get(i), decode.apply(values.get(i)));
            }
        }
        return out;
    }
}
