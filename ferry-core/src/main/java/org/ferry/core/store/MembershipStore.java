package org.ferry.core.store;

import java.util.List;
import org.ferry.core.model.UserChat;

/**
 * Each user's own list of chats (the user partition). Written after the chat partition's member row
 * on join and before its removal on leave, so the list may briefly hold a chat the user is not in;
 * readers check {@link ChatStore#member}. Thread-safe.
 */
public interface MembershipStore {

    void add(long userId, UserChat chat);

    void remove(long userId, long chatId);

    /** All the user's chats, in ascending chat id order. */
    List<UserChat> chats(long userId);
}
