package org.ferry.store.rocksdb;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import org.ferry.core.model.LogEntry;
import org.ferry.core.model.Message;
import org.ferry.core.store.ChatLogStore;

/**
 * Each chat's log in {@code log}, current messages in {@code messages}, the idempotency index in
 * {@code random_ids} and the head seq in {@code chat_counters}. An append holds the chat's log stripe
 * from reading the head to writing one batch with the new head, the entry, the rows it changes and its
 * feed pointers (in {@code feed}, the user partition: one store, so one batch), so
 * seqs are gapless and a crash leaves either all of an append or none of it. Thread-safe.
 *
 * <p>The head of a chat being appended to is cached ({@link RowCache}): filled and advanced only by
 * appends, under the log stripe, so an append never reads a head older than the last one written.
 * {@link #head} reads the cache without filling it.
 */
final class RocksDbChatLogStore implements ChatLogStore {
    static final byte HEAD = 'h';
    private static final long HEAD_CACHE_ROWS = 500_000;

    private final Engine engine;
    private final RowCache<Long> heads = RowCache.ofRows(HEAD_CACHE_ROWS);

    RocksDbChatLogStore(Engine engine) {
        this.engine = engine;
    }

    @Override
    public AppendResult append(long chatId, Change change, FeedPointers feed) {
        ReentrantLock lock = engine.stripes.of(Stripes.Space.CHAT_LOG, chatId);
        lock.lock();
        try (Engine.Batch batch = engine.batch()) {
            Long cached = heads.get(chatId);
            long seq = (cached != null ? cached : storedHead(chatId)) + 1;
            LogEntry entry;
            switch (change) {
                case Change.Post post -> {
                    Message d = post.draft();
                    byte[] randomKey = Keys.of(chatId, d.senderId(), d.randomId());
                    if (d.randomId() != 0) {
                        byte[] original = engine.get(Family.RANDOM_IDS, randomKey);
                        if (original != null) {
                            return new AppendResult.Duplicate(posted(chatId, Values.rawLong(original)));
                        }
                        batch.put(Family.RANDOM_IDS, randomKey, Values.rawLong(seq));
                    }
                    Message m = new Message(chatId, seq, d.senderId(), d.date(), d.text(), d.replyToId(),
                            d.forward(), d.editDate(), d.action(), d.randomId());
                    batch.put(Family.MESSAGES, Keys.of(chatId, seq), Values.message(m));
                    entry = new LogEntry.Posted(chatId, seq, m);
                }
                case Change.Edit edit -> {
                    Optional<Message> current = message(chatId, edit.messageId());
                    if (current.isEmpty()) {
                        return new AppendResult.NotFound();
                    }
                    Message m = current.get().edited(edit.text(), edit.editDate());
                    batch.put(Family.MESSAGES, Keys.of(chatId, m.id()), Values.message(m));
                    entry = new LogEntry.Edited(chatId, seq, m);
                }
                case Change.Delete delete -> {
                    List<Long> ids = List.copyOf(new TreeSet<>(delete.messageIds()));
                    List<byte[]> keys = ids.stream().map(id -> Keys.of(chatId, id)).toList();
                    List<byte[]> rows = engine.multiGet(Family.MESSAGES, keys);
                    List<Long> removed = new ArrayList<>();
                    for (int i = 0; i < ids.size(); i++) {
                        if (rows.get(i) != null) {
                            removed.add(ids.get(i));
                            batch.delete(Family.MESSAGES, keys.get(i));
                        }
                    }
                    if (removed.isEmpty()) {
                        return new AppendResult.NotFound();
                    }
                    entry = new LogEntry.Deleted(chatId, seq, removed);
                }
            }
            batch.put(Family.LOG, Keys.of(chatId, seq), Values.logEntry(entry))
                    .put(Family.CHAT_COUNTERS, headKey(chatId), Values.rawLong(seq));
            if (!feed.userIds().isEmpty()) {
                byte[] pointer = Values.feedPointer(chatId, seq);
                for (long userId : feed.userIds()) {
                    batch.put(Family.FEED, Keys.of(userId, feed.entryId()), pointer);
                }
            }
            heads.remove(chatId); // if the write fails, its outcome on disk is unknown
            engine.write(batch);
            heads.put(chatId, seq);
            return new AppendResult.Appended(entry);
        } finally {
            lock.unlock();
        }
    }

    /** The message as first posted, from its log entry (the current row may be edited or deleted). */
    private Message posted(long chatId, long seq) {
        byte[] value = engine.get(Family.LOG, Keys.of(chatId, seq));
        if (value == null || !(Values.logEntry(chatId, seq, value) instanceof LogEntry.Posted posted)) {
            throw new IllegalStateException("random id index of chat " + chatId + " points at no post: " + seq);
        }
        return posted.message();
    }

    @Override
    public long head(long chatId) {
        Long cached = heads.get(chatId);
        return cached != null ? cached : storedHead(chatId);
    }

    private long storedHead(long chatId) {
        byte[] value = engine.get(Family.CHAT_COUNTERS, headKey(chatId));
        return value == null ? 0 : Values.rawLong(value);
    }

    @Override
    public Map<Long, Long> heads(Collection<Long> chatIds) {
        List<Long> order = List.copyOf(chatIds);
        List<byte[]> values = engine.multiGet(Family.CHAT_COUNTERS, order.stream().map(RocksDbChatLogStore::headKey).toList());
        Map<Long, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            out.put(order.get(i), values.get(i) == null ? 0 : Values.rawLong(values.get(i)));
        }
        return out;
    }

    @Override
    public List<LogEntry> read(long chatId, long afterSeq, int limit) {
        byte[] from = Keys.after(chatId, afterSeq);
        if (from == null) {
            return List.of();
        }
        return engine.scan(Family.LOG, from, Keys.prefixEnd(Keys.of(chatId)), false, limit,
                (key, value) -> Values.logEntry(chatId, Keys.longAt(key, 8), value));
    }

    @Override
    public Optional<Message> message(long chatId, long messageId) {
        return Optional.ofNullable(engine.get(Family.MESSAGES, Keys.of(chatId, messageId)))
                .map(value -> Values.message(chatId, value));
    }

    @Override
    public List<Message> history(long chatId, long beforeId, int limit) {
        if (beforeId <= 0) {
            return List.of();
        }
        return engine.scan(Family.MESSAGES, Keys.of(chatId, 0), Keys.of(chatId, beforeId), true, limit,
                (key, value) -> Values.message(chatId, value));
    }

    @Override
    public List<Message> after(long chatId, long afterId, int limit) {
        byte[] from = Keys.after(chatId, afterId);
        if (from == null) {
            return List.of();
        }
        return engine.scan(Family.MESSAGES, from, Keys.prefixEnd(Keys.of(chatId)), false, limit,
                (key, value) -> Values.message(chatId, value));
    }

    private static byte[] headKey(long chatId) {
        return Keys.tagged(chatId, HEAD);
    }
}
