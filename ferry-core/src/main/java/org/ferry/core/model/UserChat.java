package org.ferry.core.model;

/**
 * One chat in a user's own list of chats (the user partition's mirror of a {@link Member} row).
 *
 * @param peerId in a private chat, the other member (so that presence need not read the chat's members); 0 in
 *               other chats, and in private-chat rows written before it was kept
 */
public record UserChat(long chatId, ChatType type, long joinedAt, long peerId) {

    /** A row without a peer: any chat but a private one. */
    public UserChat(long chatId, ChatType type, long joinedAt) {
        this(chatId, type, joinedAt, 0);
    }
}
