package org.ferry.core.push;

import java.util.Collection;
import org.ferry.protocol.ErrorCode;
import org.ferry.protocol.Update;

/**
 * Delivers updates to the live sessions that must see them, after the write they describe committed.
 * Small chats are addressed per user; large chats (supergroups, channels) per chat, to the sinks that
 * subscribed to it, so a post costs nothing per offline subscriber. Delivery is best effort (DESIGN
 * §1). Implementations: {@link LocalPushBus} (one process), NATS (cluster). Thread-safe.
 */
public interface PushBus extends AutoCloseable {

    /** Starts delivering to {@code sink}: updates for its user and for the large chats it subscribes to. */
    void register(UpdateSink sink, Collection<Long> largeChatIds);

    void unregister(UpdateSink sink);

    /** Adds or removes large-chat subscriptions of all the user's live sinks (join and leave). */
    void subscribe(long userId, long chatId);

    void unsubscribe(long userId, long chatId);

    /**
     * Delivers to every live sink of every listed user except {@code except}: the connection that made
     * the change and learns of it from its result (null: none). Other connections of the same session,
     * such as a second browser tab, are told like any other.
     */
    void toUsers(Collection<Long> userIds, Update update, UpdateSink except);

    /** Delivers to every sink subscribed to the large chat, except {@code except} (null: none). */
    void toChat(long chatId, Update update, UpdateSink except);

    /** Closes every live connection of the user's session (terminated or logged out). */
    void closeSession(long userId, long sessionId, ErrorCode reason);

    /** True if the user has at least one live sink anywhere. */
    boolean isOnline(long userId);

    @Override
    void close();
}
