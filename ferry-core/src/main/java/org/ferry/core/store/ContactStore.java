package org.ferry.core.store;

import java.util.List;
import org.ferry.core.model.Contact;

/** The contacts each user imported (the user partition). Thread-safe. */
public interface ContactStore {

    /** Adds or replaces the contact (keyed by owner and contact user id). */
    void put(Contact contact);

    boolean has(long ownerId, long userId);

    /** The owner's contacts with a user id above {@code afterUserId}, ascending, at most {@code limit}. */
    List<Contact> list(long ownerId, long afterUserId, int limit);
}
