package org.ferry.store.rocksdb;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.ferry.core.id.IdKeys;
import org.ferry.core.model.LogEntry;
import org.ferry.core.model.Message;
import org.ferry.core.store.ChatLogStore;

/**
 * Each chat's log in {@code log}, the idempotency index in {@code random_ids}, and in {@code messages} only what
 * changed since a post: an edited message's current state, or {@link Values#DELETED_MESSAGE} for one deleted for
 * everyone. A post is written once, as its log entry; a message's current state is its {@code messages} row if
 * it has one, else its post in the log. The head of a chat is the seq of its last log entry.
 *
 * <p>An append takes the chat's log stripe to choose the next seq and build one batch with the entry, the rows it
 * changes and its feed pointers (in {@code feed}, the user partition: one store, so one batch), queues the batch
 * and releases the stripe before the batch is on disk, then waits for it: appends to one busy chat share the
 * committer's rounds instead of taking one round each. Seqs stay gapless because a batch queued on top of an
 * append still in flight (the chat's {@link Tip}) is written only if that one was ({@link GroupCommitter}); a crash
 * leaves either all of an append or none of it. Edits and deletes read the messages they change, so they first
 * wait, holding the stripe, until the chat's appends in flight are on disk. A post whose random id is in flight in
 * another append waits for that one and then finds it (a duplicate) or not (it failed). Thread-safe.
 *
 * <p>The durable head of a chat recently appended to is cached ({@link RowCache}): set and dropped only by the
 * appends' outcome hooks, which the committer runs in queue order, so the cache never goes back, and a head is
 * there before its append returns. {@link #head} reads only durable heads. The same hooks hand each durable entry to
 * its appender's {@code whenDurable}: in queue order, so in seq order within a chat.
 */
final class RocksDbChatLogStore implements ChatLogStore {
    private static final long HEAD_CACHE_ROWS = 500_000;
    /** Log entries read beyond what a history page needs, for the edits and deletions among the posts. */
    private static final int SCAN_SLACK = 16;
    /** Log entries read at a time for one page of messages, however many it asks for. */
    private static final int MAX_PAGE = 1_000;

    /** A chat's newest append, from when it is queued until its outcome hook has run. */
    private record Tip(long seq, CompletableFuture<Void> done) {
        /** Whether an append may build on it: in flight or durable, not failed. */
        boolean standing() {
            return !done.isCompletedExceptionally();
        }
    }

    /** A sender's random id in one chat. */
    private record RandomId(long chatId, long senderId, long randomId) {
    }

    private final Engine engine;
    private final RowCache<Long> heads = RowCache.ofRows(HEAD_CACHE_ROWS);
    /** By {@link IdKeys#of} chat id: each chat's newest append still in flight (or whose hook has yet to run). */
    private final ConcurrentHashMap<Long, Tip> tips = new ConcurrentHashMap<>();
    /** Random ids of posts in flight, so that a retry racing its original waits for it instead of posting twice. */
    private final ConcurrentHashMap<RandomId, CompletableFuture<Void>> randomIdsInFlight = new ConcurrentHashMap<>();

    RocksDbChatLogStore(Engine engine) {
        this.engine = engine;
    }

    @Override
    public AppendResult append(long chatId, Change change, FeedPointers feed, Consumer<LogEntry> whenDurable) {
        Long tipKey = IdKeys.of(chatId);
        ReentrantLock lock = engine.stripes.of(Stripes.Space.CHAT_LOG, chatId);
        CompletableFuture<Void> earlier = null; // a post with the same random id, in flight at the last try
        while (true) {
            if (earlier != null) {
                Engine.settled(earlier);
                earlier = null;
            }
            CompletableFuture<Void> done = new CompletableFuture<>();
            LogEntry entry = null;
            lock.lock();
            try (Engine.Batch batch = engine.batch()) {
                Tip tip = tips.get(tipKey);
                if (!(change instanceof Change.Post) && tip != null && !tip.done().isDone()) {
                    Engine.settled(tip.done()); // holding the stripe: no append starts meanwhile
                    tip = tips.get(tipKey);
                }
                // Build on the tip unless it failed; if it fails later, so does this write (nothing is left behind it).
                CompletableFuture<Void> after = tip != null && tip.standing() ? tip.done() : null;
                long seq = (after != null ? tip.seq() : durableHead(chatId, tip)) + 1;
                RandomId randomId = null;
                switch (change) {
                    case Change.Post post -> {
                        Message d = post.draft();
                        if (d.randomId() != 0) {
                            randomId = new RandomId(chatId, d.senderId(), d.randomId());
                            CompletableFuture<Void> inFlight = randomIdsInFlight.get(randomId);
                            if (inFlight != null && !inFlight.isDone()) {
                                earlier = inFlight;
                                continue; // unlocks, waits for it, then finds it or not
                            }
                            byte[] randomKey = Keys.of(chatId, d.senderId(), d.randomId());
                            byte[] original = engine.get(Family.RANDOM_IDS, randomKey);
                            if (original != null) {
                                return new AppendResult.Duplicate(posted(chatId, Values.rawLong(original)));
                            }
                            batch.put(Family.RANDOM_IDS, randomKey, Values.rawLong(seq));
                        }
                        Message m = new Message(chatId, seq, d.senderId(), d.date(), d.text(), d.replyToId(),
                                d.forward(), d.editDate(), d.action(), d.randomId());
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
                        List<byte[]> logged = engine.multiGet(Family.LOG, keys);
                        List<Long> removed = new ArrayList<>();
                        for (int i = 0; i < ids.size(); i++) {
                            byte[] row = rows.get(i);
                            boolean exists = row != null ? !Values.isDeletedMessage(row)
                                    : logged.get(i) != null && Values.isPost(logged.get(i));
                            if (exists) {
                                removed.add(ids.get(i));
                                batch.put(Family.MESSAGES, keys.get(i), Values.DELETED_MESSAGE);
                            }
                        }
                        if (removed.isEmpty()) {
                            return new AppendResult.NotFound();
                        }
                        entry = new LogEntry.Deleted(chatId, seq, removed);
                    }
                }
                batch.put(Family.LOG, Keys.of(chatId, seq), Values.logEntry(entry));
                if (!feed.userIds().isEmpty()) {
                    byte[] pointer = Values.feedPointer(chatId, seq);
                    for (long userId : feed.userIds()) {
                        batch.put(Family.FEED, Keys.of(userId, feed.entryId()), pointer);
                    }
                }
                Tip mine = new Tip(seq, done);
                tips.put(tipKey, mine);
                if (randomId != null) {
                    randomIdsInFlight.put(randomId, done);
                }
                engine.queue(batch, after, outcome(entry, tipKey, mine, randomId, whenDurable), done);
            } finally {
                lock.unlock();
            }
            Engine.await(done);
            return new AppendResult.Appended(entry);
        }
    }

    /**
     * The chat's head when no append to it is in flight: cached, or read. With a failed tip still in place, every
     * append before it has ended and the durable ones are readable, while the cache may not have caught up.
     */
    private long durableHead(long chatId, Tip failedTip) {
        Long cached = failedTip == null ? heads.get(chatId) : null;
        return cached != null ? cached : storedHead(chatId);
    }

    /**
     * Keeps the head cache and the in-flight maps as the committer settles an append (on its thread, in queue order:
     * one chat's appends in seq order), and tells {@code whenDurable} of a durable one.
     */
    private GroupCommitter.Outcome outcome(LogEntry entry, Long tipKey, Tip tip, RandomId randomId,
                                           Consumer<LogEntry> whenDurable) {
        return new GroupCommitter.Outcome() {
            @Override
            public void durable() {
                heads.put(entry.chatId(), tip.seq()); // before the tip goes, so a reader finding no tip finds this
                forget();
                whenDurable.accept(entry);
            }

            @Override
            public void failed() {
                heads.remove(entry.chatId()); // its outcome on disk is unknown: read the head again
                forget();
            }

            private void forget() {
                tips.remove(tipKey, tip);
                if (randomId != null) {
                    randomIdsInFlight.remove(randomId, tip.done());
                }
            }
        };
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

    /** The seq of the chat's last log entry: one seek to the end of its key range, no value decoded. */
    private long storedHead(long chatId) {
        byte[] prefix = Keys.of(chatId);
        List<Long> last = engine.scan(Family.LOG, prefix, Keys.prefixEnd(prefix), true, 1,
                (key, value) -> Keys.longAt(key, 8));
        return last.isEmpty() ? 0 : last.getFirst();
    }

    @Override
    public Map<Long, Long> heads(Collection<Long> chatIds) {
        Map<Long, Long> out = new LinkedHashMap<>();
        for (long chatId : chatIds) {
            out.put(chatId, head(chatId));
        }
        return out;
    }

    @Override
    public List<LogEntry> read(long chatId, long afterSeq, int limit) {
        return engine.scanAfter(Family.LOG, chatId, afterSeq, limit,
                (key, value) -> Values.logEntry(chatId, Keys.longAt(key, 8), value));
    }

    @Override
    public Optional<Message> message(long chatId, long messageId) {
        byte[] key = Keys.of(chatId, messageId);
        byte[] row = engine.get(Family.MESSAGES, key);
        if (row != null) {
            return Values.isDeletedMessage(row) ? Optional.empty() : Optional.of(Values.message(chatId, row));
        }
        byte[] logged = engine.get(Family.LOG, key);
        return logged != null && Values.isPost(logged)
                ? Optional.of(Values.post(chatId, messageId, logged)) : Optional.empty();
    }

    @Override
    public List<Message> history(long chatId, long beforeId, int limit) {
        if (beforeId <= 1) {
            return List.of();
        }
        return current(chatId, 1, beforeId, true, limit);
    }

    @Override
    public List<Message> after(long chatId, long afterId, int limit) {
        if (afterId == Long.MAX_VALUE) {
            return List.of();
        }
        return current(chatId, Math.max(afterId, 0) + 1, Long.MAX_VALUE, false, limit);
    }

    /** A log entry as read while paging: {@code post} is the entry's bytes, null for an entry that is not a post. */
    private record Logged(long seq, byte[] post) {
    }

    /**
     * The current messages with ids in {@code [fromId, toId)} ({@code toId} {@link Long#MAX_VALUE}: no end), at most
     * {@code limit}, in the given order. Walks the log's posts a page at a time and lays the {@code messages} rows
     * of the page's range over them: edited ones replace their post, deleted ones drop out.
     */
    private List<Message> current(long chatId, long fromId, long toId, boolean descending, int limit) {
        List<Message> out = new ArrayList<>();
        long from = fromId;
        long to = toId;
        byte[] chatEnd = Keys.prefixEnd(Keys.of(chatId));
        while (out.size() < limit && from < to) {
            int page = Math.min(limit - out.size(), MAX_PAGE) + SCAN_SLACK;
            List<Logged> logged = engine.scan(Family.LOG, Keys.of(chatId, from),
                    to == Long.MAX_VALUE ? chatEnd : Keys.of(chatId, to), descending, page,
                    (key, value) -> new Logged(Keys.longAt(key, 8), Values.isPost(value) ? value : null));
            if (logged.isEmpty()) {
                break;
            }
            long low = descending ? logged.getLast().seq() : logged.getFirst().seq();
            long high = descending ? logged.getFirst().seq() : logged.getLast().seq();
            Map<Long, byte[]> changed = new HashMap<>();
            engine.scan(Family.MESSAGES, Keys.of(chatId, low),
                    high == Long.MAX_VALUE ? chatEnd : Keys.of(chatId, high + 1), false, Integer.MAX_VALUE,
                    (key, value) -> changed.put(Keys.longAt(key, 8), value));
            for (Logged entry : logged) {
                if (entry.post() == null || out.size() == limit) {
                    continue;
                }
                // A post is decoded only if it is shown as posted: not past the limit, not edited, not deleted.
                byte[] row = changed.get(entry.seq());
                if (row == null) {
                    out.add(Values.post(chatId, entry.seq(), entry.post()));
                } else if (!Values.isDeletedMessage(row)) {
                    out.add(Values.message(chatId, row));
                }
            }
            if (logged.size() < page) {
                break;
            }
            if (descending) {
                to = low;
            } else {
                from = high + 1;
            }
        }
        return out;
    }
}
