package org.ferry.core.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.ferry.core.model.LogEntry;
import org.ferry.core.model.Message;

/**
 * Each chat's gapless log and the current state of its messages (the chat partition). Thread-safe;
 * appends to one chat are linearisable, appends to different chats are independent.
 */
public interface ChatLogStore {

    /**
     * Allocates the chat's next seq and applies {@code change} at it, durably, in one atomic step.
     * A {@link Change.Post} whose non-zero {@code randomId} was already used by the same sender in this
     * chat appends nothing and returns {@link AppendResult.Duplicate} with the message as first posted
     * (not as since edited or deleted).
     *
     * <p>{@code feed} names the users whose feeds get the pointer "this chat changed at the new seq": the
     * pointers are part of the same atomic, durable step, so an acknowledged change is always findable by sync
     * and costs one durable write, not two. Nothing is written to any feed unless the result is
     * {@link AppendResult.Appended}.
     *
     * <p>{@code whenDurable} is given the appended entry as soon as it is durable, before this returns, and only if
     * the result is {@link AppendResult.Appended}. For one chat the calls come in seq order, whichever threads
     * appended, so a publisher can push a chat's entries in their order even when the threads that appended them
     * resume out of order. It runs on the thread that made the entry durable (the store's writer, perhaps while
     * other appends wait for it), so it must only record the entry: no blocking, no lock a caller of this store
     * may hold, no exception.
     */
    AppendResult append(long chatId, Change change, FeedPointers feed, Consumer<LogEntry> whenDurable);

    /** {@link #append(long, Change, FeedPointers, Consumer)} with nobody told when it is durable. */
    default AppendResult append(long chatId, Change change, FeedPointers feed) {
        return append(chatId, change, feed, entry -> {
        });
    }

    /** {@link #append(long, Change, FeedPointers)} without feed pointers. */
    default AppendResult append(long chatId, Change change) {
        return append(chatId, change, FeedPointers.NONE);
    }

    /** The last allocated seq of the chat; 0 for a chat with an empty log. */
    long head(long chatId);

    /** Heads of several chats at once (chats with empty logs map to 0). */
    Map<Long, Long> heads(Collection<Long> chatIds);

    /** Log entries with seq greater than {@code afterSeq}, ascending, at most {@code limit}. */
    List<LogEntry> read(long chatId, long afterSeq, int limit);

    /** The current state of a message; empty if it never existed or was deleted for everyone. */
    Optional<Message> message(long chatId, long messageId);

    /**
     * Current messages with id below {@code beforeId}, newest first, at most {@code limit}; pass
     * {@link Long#MAX_VALUE} to start from the newest.
     */
    List<Message> history(long chatId, long beforeId, int limit);

    /** Current messages with id above {@code afterId}, oldest first, at most {@code limit}. */
    List<Message> after(long chatId, long afterId, int limit);

    /** Feed pointers written with an entry: id {@code entryId} (time-ordered, unique) in each user's feed. */
    record FeedPointers(Collection<Long> userIds, long entryId) {
        public static final FeedPointers NONE = new FeedPointers(List.of(), 0);

        public FeedPointers {
            userIds = List.copyOf(userIds);
        }
    }

    /** What a caller asks {@link #append} to do. */
    sealed interface Change {
        /** Post a message; its id and seq are the allocated seq. {@code chatId}/{@code id} of {@code draft} are ignored. */
        record Post(Message draft) implements Change {
        }

        /** Replace the text of an existing message and set its edit date. */
        record Edit(long messageId, String text, long editDate) implements Change {
        }

        /** Delete existing messages for everyone; ids that do not exist are dropped from the entry. */
        record Delete(List<Long> messageIds) implements Change {
            public Delete {
                messageIds = List.copyOf(messageIds);
            }
        }
    }

    /** What {@link #append} did. */
    sealed interface AppendResult {
        record Appended(LogEntry entry) implements AppendResult {
        }

        /** A retried post: nothing was appended; {@code original} is the message stored the first time. */
        record Duplicate(Message original) implements AppendResult {
        }

        /** An edit or delete found none of its messages (deleted meanwhile); nothing was appended. */
        record NotFound() implements AppendResult {
        }
    }
}
