package org.ferry.store.rocksdb;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.ferry.core.model.Chat;
import org.ferry.core.model.Member;
import org.ferry.core.store.ChatStore;

/**
 * Chat rows in {@code chats}, the private-chat pair index in {@code private_chats}, members in
 * {@code members} and the member count in {@code chat_counters}; member changes update row and count
 * in one batch under the chat's member stripe. Thread-safe.
 */
final class RocksDbChatStore implements ChatStore {
    static final byte MEMBER_COUNT = 'm';

    private final Engine engine;

    RocksDbChatStore(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void create(Chat chat) {
        engine.put(Family.CHATS, Keys.of(chat.id()), Values.chat(chat));
    }

    @Override
    public Optional<Chat> get(long chatId) {
        return Optional.ofNullable(engine.get(Family.CHATS, Keys.of(chatId))).map(Values::chat);
    }

    @Override
    public void update(Chat chat) {
        engine.put(Family.CHATS, Keys.of(chat.id()), Values.chat(chat));
    }

    @Override
    public long claimPrivateChat(long userA, long userB, long chatId) {
        long lo = Math.min(userA, userB);
        long hi = Math.max(userA, userB);
        ReentrantLock lock = engine.stripes.of(Stripes.Space.PRIVATE_PAIR, lo, hi);
        lock.lock();
        try {
            byte[] key = Keys.of(lo, hi);
            byte[] existing = engine.get(Family.PRIVATE_CHATS, key);
            if (existing != null) {
                return Values.rawLong(existing);
            }
            engine.put(Family.PRIVATE_CHATS, key, Values.rawLong(chatId));
            return chatId;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Long> privateChat(long userA, long userB) {
        byte[] value = engine.get(Family.PRIVATE_CHATS, Keys.of(Math.min(userA, userB), Math.max(userA, userB)));
        return value == null ? Optional.empty() : Optional.of(Values.rawLong(value));
    }

    @Override
    public boolean addMember(Member member) {
        ReentrantLock lock = engine.stripes.of(Stripes.Space.CHAT_MEMBERS, member.chatId());
        lock.lock();
        try (Engine.Batch batch = engine.batch()) {
            byte[] key = Keys.of(member.chatId(), member.userId());
            if (engine.get(Family.MEMBERS, key) != null) {
                return false;
            }
            batch.put(Family.MEMBERS, key, Values.member(member))
                    .put(Family.CHAT_COUNTERS, countKey(member.chatId()), Values.rawLong(memberCount(member.chatId()) + 1L));
            engine.write(batch);
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void updateMember(Member member) {
        ReentrantLock lock = engine.stripes.of(Stripes.Space.CHAT_MEMBERS, member.chatId());
        lock.lock();
        try {
            byte[] key = Keys.of(member.chatId(), member.userId());
            if (engine.get(Family.MEMBERS, key) != null) {
                engine.put(Family.MEMBERS, key, Values.member(member));
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean removeMember(long chatId, long userId) {
        ReentrantLock lock = engine.stripes.of(Stripes.Space.CHAT_MEMBERS, chatId);
        lock.lock();
        try (Engine.Batch batch = engine.batch()) {
            byte[] key = Keys.of(chatId, userId);
            if (engine.get(Family.MEMBERS, key) == null) {
                return false;
            }
            batch.delete(Family.MEMBERS, key)
                    .put(Family.CHAT_COUNTERS, countKey(chatId), Values.rawLong(memberCount(chatId) - 1L));
            engine.write(batch);
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Member> member(long chatId, long userId) {
        return Optional.ofNullable(engine.get(Family.MEMBERS, Keys.of(chatId, userId))).map(Values::member);
    }

    @Override
    public List<Member> members(long chatId, long afterUserId, int limit) {
        byte[] from = Keys.after(chatId, afterUserId);
        if (from == null) {
            return List.of();
        }
        return engine.scan(Family.MEMBERS, from, Keys.prefixEnd(Keys.of(chatId)), false, limit,
                (key, value) -> Values.member(value));
    }

    @Override
    public int memberCount(long chatId) {
        byte[] value = engine.get(Family.CHAT_COUNTERS, countKey(chatId));
        return value == null ? 0 : Math.toIntExact(Values.rawLong(value));
    }

    private static byte[] countKey(long chatId) {
        return Keys.tagged(chatId, MEMBER_COUNT);
    }
}
