package org.ferry.store.rocksdb;

import java.util.Collection;
import java.util.List;
import org.ferry.core.model.FeedEntry;
import org.ferry.core.store.FeedStore;

/** Feeds in {@code feed}, keyed by user and entry id; one batch writes the pointer to all users. Thread-safe. */
final class RocksDbFeedStore implements FeedStore {
    private final Engine engine;

    RocksDbFeedStore(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void append(Collection<Long> userIds, long entryId, long chatId, long seq) {
        if (userIds.isEmpty()) {
            return;
        }
        byte[] pointer = Values.feedPointer(chatId, seq);
        try (Engine.Batch batch = engine.batch()) {
            for (long userId : userIds) {
                batch.put(Family.FEED, Keys.of(userId, entryId), pointer);
            }
            engine.write(batch);
        }
    }

    @Override
    public List<FeedEntry> since(long userId, long afterId, int limit) {
        return engine.scanAfter(Family.FEED, userId, afterId, limit, (key, value) -> {
            long[] pointer = Values.feedPointer(value);
            return new FeedEntry(userId, Keys.longAt(key, 8), pointer[0], pointer[1]);
        });
    }

    @Override
    public long last(long userId) {
        List<Long> last = engine.scan(Family.FEED, Keys.of(userId), Keys.prefixEnd(Keys.of(userId)), true, 1,
                (key, value) -> Keys.longAt(key, 8));
        return last.isEmpty() ? 0 : last.getFirst();
    }
}
