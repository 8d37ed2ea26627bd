package org.ferry.core.model;

/** One chat in a user's own list of chats (the user partition's mirror of a {@link Member} row). */
public record UserChat(long chatId, ChatType type, long joinedAt) {
}
