/**
 * The store SPI: small interfaces in domain terms, one per partition kind. Every implementation
 * passes the shared contract suite ({@code StoreContract} in this module's test jar).
 *
 * <p>Partitions: account (by id), phone index, username index, login code (by phone), session (by
 * token hash, with a per-user index), chat (chat row, members, member count, log, current messages,
 * random-id index, seq counter), user (chat list, dialogs, hidden messages, feed, contacts).
 *
 * <p>No method writes to two partitions atomically, because the Cassandra store cannot. Where a change
 * spans partitions the services write them in an order whose intermediate states are harmless, and
 * the chat partition is the source of truth for membership. The only atomic step is inside one chat
 * partition: {@link org.ferry.core.store.ChatLogStore#append} allocates the next seq and applies the
 * change together (on Cassandra, one conditional write).
 *
 * <p>All implementations are thread-safe. Writes are durable when the method returns.
 */
package org.ferry.core.store;
