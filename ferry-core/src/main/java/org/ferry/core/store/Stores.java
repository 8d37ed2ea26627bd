package org.ferry.core.store;

/**
 * One storage backend: the set of partition stores the services use. Implementations: in-memory
 * (tests), RocksDB (one machine), Cassandra (cluster). Thread-safe.
 */
public interface Stores extends AutoCloseable {
    AccountStore accounts();

    UsernameStore usernames();

    LoginCodeStore loginCodes();

    SessionStore sessions();

    ChatStore chats();

    MembershipStore memberships();

    ChatLogStore log();

    DialogStore dialogs();

    FeedStore feed();

    ContactStore contacts();

    /** Releases the backend's resources; further calls fail. */
    @Override
    void close();
}
