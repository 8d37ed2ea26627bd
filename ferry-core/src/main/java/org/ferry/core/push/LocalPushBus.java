package org.ferry.core.push;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ferry.core.id.IdKeys;
import org.ferry.protocol.ErrorCode;
import org.ferry.protocol.Update;

/**
 * The push bus of a single process: registries of live sinks by user, by session and by large chat.
 * Delivery calls {@link UpdateSink#push}, which only queues, so publishing never blocks on a client.
 * Thread-safe.
 */
public final class LocalPushBus implements PushBus {
    // Keyed by IdKeys.of(id): ids themselves would crowd a few buckets.
    private final Map<Long, List<UpdateSink>> byUser = new ConcurrentHashMap<>();
    private final Map<Long, Set<UpdateSink>> byChat = new ConcurrentHashMap<>();
    /**
     * Large chats each live sink subscribed to, so unregistering can clean up {@link #byChat}. Only sinks
     * with at least one large chat have an entry: most users are in none, and an empty set per idle
     * connection was a measurable share of the memory of 19,000 idle sessions.
     */
    private final Map<UpdateSink, Set<Long>> chatsOf = new ConcurrentHashMap<>();

    @Override
    public void register(UpdateSink sink, Collection<Long> largeChatIds) {
        byUser.computeIfAbsent(IdKeys.of(sink.userId()), k -> new CopyOnWriteArrayList<>()).add(sink);
        if (largeChatIds.isEmpty()) {
            return;
        }
        Set<Long> chats = ConcurrentHashMap.newKeySet();
        chatsOf.put(sink, chats);
        for (Long chatId : largeChatIds) {
            chats.add(chatId);
            byChat.computeIfAbsent(IdKeys.of(chatId), k -> ConcurrentHashMap.newKeySet()).add(sink);
        }
    }

    @Override
    public void unregister(UpdateSink sink) {
        byUser.computeIfPresent(IdKeys.of(sink.userId()), (k, list) -> {
            list.remove(sink);
            return list.isEmpty() ? null : list;
        });
        Set<Long> chats = chatsOf.remove(sink);
        if (chats != null) {
            for (Long chatId : chats) {
                byChat.computeIfPresent(IdKeys.of(chatId), (k, set) -> {
                    set.remove(sink);
                    return set.isEmpty() ? null : set;
                });
            }
        }
    }

    @Override
    public void subscribe(long userId, long chatId) {
        for (UpdateSink sink : byUser.getOrDefault(IdKeys.of(userId), List.of())) {
            chatsOf.computeIfAbsent(sink, k -> ConcurrentHashMap.newKeySet()).add(chatId);
            byChat.computeIfAbsent(IdKeys.of(chatId), k -> ConcurrentHashMap.newKeySet()).add(sink);
        }
    }

    @Override
    public void unsubscribe(long userId, long chatId) {
        for (UpdateSink sink : byUser.getOrDefault(IdKeys.of(userId), List.of())) {
            Set<Long> chats = chatsOf.get(sink);
            if (chats != null) {
                chats.remove(chatId);
            }
            byChat.computeIfPresent(IdKeys.of(chatId), (k, set) -> {
                set.remove(sink);
                return set.isEmpty() ? null : set;
            });
        }
    }

    @Override
    public void toUsers(Collection<Long> userIds, Update update, UpdateSink except) {
        for (Long userId : userIds) {
            for (UpdateSink sink : byUser.getOrDefault(IdKeys.of(userId), List.of())) {
                if (sink != except) {
                    sink.push(update);
                }
            }
        }
    }

    @Override
    public void toChat(long chatId, Update update, UpdateSink except) {
        for (UpdateSink sink : byChat.getOrDefault(IdKeys.of(chatId), Set.of())) {
            if (sink != except) {
                sink.push(update);
            }
        }
    }

    @Override
    public void closeSession(long userId, long sessionId, ErrorCode reason) {
        // Only the user's own sinks: scanning every online user's took a pass over the whole node per log-out.
        for (UpdateSink sink : byUser.getOrDefault(IdKeys.of(userId), List.of())) {
            if (sink.sessionId() == sessionId) {
                sink.close(reason);
            }
        }
    }

    @Override
    public boolean isOnline(long userId) {
        return byUser.containsKey(IdKeys.of(userId));
    }

    @Override
    public void close() {
        byUser.clear();
        byChat.clear();
        chatsOf.clear();
    }
}
