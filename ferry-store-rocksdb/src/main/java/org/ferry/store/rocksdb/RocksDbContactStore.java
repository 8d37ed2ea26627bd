package org.ferry.store.rocksdb;

import java.util.List;
import org.ferry.core.model.Contact;
import org.ferry.core.store.ContactStore;

/** Imported contacts in {@code contacts}, keyed by owner and contact user id. Thread-safe. */
final class RocksDbContactStore implements ContactStore {
    private final Engine engine;

    RocksDbContactStore(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void put(Contact contact) {
        engine.put(Family.CONTACTS, Keys.of(contact.ownerId(), contact.userId()), Values.contact(contact));
    }

    @Override
    public boolean has(long ownerId, long userId) {
        return engine.get(Family.CONTACTS, Keys.of(ownerId, userId)) != null;
    }

    @Override
    public List<Contact> list(long ownerId, long afterUserId, int limit) {
        return engine.scanAfter(Family.CONTACTS, ownerId, afterUserId, limit,
                (key, value) -> Values.contact(value));
    }
}
