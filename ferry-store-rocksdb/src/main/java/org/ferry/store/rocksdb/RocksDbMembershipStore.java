package org.ferry.store.rocksdb;

import java.util.List;
import org.ferry.core.model.UserChat;
import org.ferry.core.store.MembershipStore;

/** Each user's chat list in {@code user_chats}, keyed by user and chat id. Thread-safe. */
final class RocksDbMembershipStore implements MembershipStore {
    private final Engine engine;

    RocksDbMembershipStore(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void add(long userId, UserChat chat) {
        engine.put(Family.USER_CHATS, Keys.of(userId, chat.chatId()), Values.userChat(chat));
    }

    @Override
    public void remove(long userId, long chatId) {
        engine.delete(Family.USER_CHATS, Keys.of(userId, chatId));
    }

    @Override
    public List<UserChat> chats(long userId) {
        return engine.scanPrefix(Family.USER_CHATS, Keys.of(userId), (key, value) -> Values.userChat(value));
    }
}
