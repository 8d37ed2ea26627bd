package org.ferry.core.store;

import java.util.Collection;
import java.util.List;
import org.ferry.core.model.FeedEntry;

/**
 * Each user's feed of chat-change pointers (the user partition). Entry ids are supplied by the caller
 * (time-ordered, unique); readers page by id. Thread-safe.
 */
public interface FeedStore {

    /** Appends the pointer "chat changed at seq" with id {@code entryId} to every listed user's feed. */
    void append(Collection<Long> userIds, long entryId, long chatId, long seq);

    /** Entries with id greater than {@code afterId}, ascending, at most {@code limit}. */
    List<FeedEntry> since(long userId, long afterId, int limit);

    /** The highest entry id of the user's feed, or 0 when it is empty. */
    long last(long userId);
}
