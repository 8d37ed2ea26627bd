/**
 * The embedded store: the store SPI on one RocksDB database, the default backend for one machine.
 * {@link org.ferry.store.rocksdb.RocksDbStores} opens it; everything else is package-private.
 *
 * <h2>Durability and atomicity</h2>
 * Every write is one {@code WriteBatch} applied with {@code sync=true}, so it is in the fsynced WAL
 * when the method returns; {@code GroupCommitter} turns all batches waiting at a time into one synced
 * write (one fsync per round). Chat rows, small chats' member lists and log heads are also cached in
 * memory ({@code RowCache}); the cache rule is in its class comment. A chat append is one batch: the log entry,
 * the random-id row of a post, the {@code messages} row of an edit or deletion, and the feed pointers of the
 * users to tell. A post is written once, as its log entry.
 * Read-check-write steps (appends, conditional operations, member changes, read positions) hold one
 * of 1024 striped locks chosen by their key, so they are atomic within the process. Most hold it until their
 * write is durable; chat appends and large chats' member adds hold it only to queue their batch, which the
 * committer writes only if the key's write before it (still in flight when it was queued) was written
 * ({@code GroupCommitter}, {@code RocksDbChatLogStore}, {@code RocksDbChatStore}). One process per
 * directory (RocksDB's LOCK file enforces it).
 *
 * <h2>Keys</h2>
 * {@code id} is an 8-byte big-endian long, so bytewise order is numeric order for the non-negative
 * ids Ferry uses, and the first id of a composite key is a scan prefix. {@code |} is concatenation.
 * {@code text} is UTF-8 without a length. {@code raw} is an 8-byte big-endian long with no format byte.
 *
 * <h2>Column families</h2>
 * <table>
 * <caption>Key schema (value format 1, layout 2)</caption>
 * <tr><th>family</th><th>key</th><th>value</th></tr>
 * <tr><td>accounts</td><td>accountId</td><td>Account</td></tr>
 * <tr><td>phones</td><td>phone text (E.164)</td><td>accountId raw</td></tr>
 * <tr><td>usernames</td><td>name text, lower case (Locale.ROOT)</td><td>kind, owner id</td></tr>
 * <tr><td>login_codes</td><td>phone text</td><td>LoginCode</td></tr>
 * <tr><td>sessions</td><td>token hash text</td><td>Session</td></tr>
 * <tr><td>user_sessions</td><td>userId | sessionId</td><td>token hash bytes (no format byte)</td></tr>
 * <tr><td>chats</td><td>chatId</td><td>Chat</td></tr>
 * <tr><td>private_chats</td><td>min(userA,userB) | max(userA,userB)</td><td>chatId raw</td></tr>
 * <tr><td>members</td><td>chatId | userId</td><td>Member</td></tr>
 * <tr><td>chat_counters</td><td>chatId | tag byte: {@code 'm'} member count ({@code 'h'}, the log head of
 *     layout 1, is no longer written or read: the head is the chat's last log key)</td><td>raw</td></tr>
 * <tr><td>log</td><td>chatId | seq</td><td>kind byte {@code P|E|D}, then message body or deleted ids</td></tr>
 * <tr><td>messages</td><td>chatId | messageId (= seq of its post), only for a message changed since its
 *     post</td><td>message body as edited, or format byte 0 alone: deleted for everyone</td></tr>
 * <tr><td>random_ids</td><td>chatId | senderId | randomId (only non-zero)</td><td>seq raw</td></tr>
 * <tr><td>user_chats</td><td>userId | chatId</td><td>UserChat (a row written before {@code peerId} existed
 *     ends after {@code joinedAt} and reads as peer 0)</td></tr>
 * <tr><td>dialogs</td><td>userId | chatId</td><td>Dialog</td></tr>
 * <tr><td>hidden</td><td>userId | chatId | messageId</td><td>empty</td></tr>
 * <tr><td>feed</td><td>userId | entryId</td><td>chatId, seq</td></tr>
 * <tr><td>contacts</td><td>ownerId | userId</td><td>Contact</td></tr>
 * <tr><td>meta</td><td>{@code "layout"}</td><td>layout version raw ({@code Layout}: 2; upgrades 1)</td></tr>
 * <tr><td>last_seen</td><td>userId</td><td>epoch seconds raw (created empty when a database lacks it)</td></tr>
 * </table>
 * The {@code default} family is opened but unused.
 *
 * <h2>Values</h2>
 * Record values start with format byte {@code 1}, then the record's fields in declaration order:
 * integers as unsigned LEB128 varints, booleans as one byte, strings (and enums, by name) as varint
 * (UTF-8 length + 1, 0 for null) followed by the bytes. The message body is compact because every post
 * writes it: flags byte (1 replyTo, 2 forward, 4 editDate, 8 action,
 * 16 randomId), id, senderId, date, text, then the flagged fields in that order, randomId as a fixed
 * 8-byte long; its chatId comes from the key. Deleted ids are a varint count and ascending deltas.
 * {@code Values} is the code for all of this.
 */
package org.ferry.store.rocksdb;
