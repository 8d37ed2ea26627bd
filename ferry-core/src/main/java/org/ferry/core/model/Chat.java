package org.ferry.core.model;

/**
 * A chat's own record: kind, title, public username and description. For private chats {@code title}
 * is null and the two members are in the member list. Immutable.
 */
public record Chat(long id, ChatType type, String title, String username, String about, long creatorId,
                   long createdAt) {

    public Chat withTitle(String newTitle) {
        return new Chat(id, type, newTitle, username, about, creatorId, createdAt);
    }

    public Chat withUsername(String newUsername) {
        return new Chat(id, type, title, newUsername, about, creatorId, createdAt);
    }
}
