package org.ferry.core.model;

/** A user's membership of a chat, as stored in the chat's partition. Immutable. */
public record Member(long chatId, long userId, Role role, long joinedAt, long inviterId) {

    public Member withRole(Role newRole) {
        return new Member(chatId, userId, newRole, joinedAt, inviterId);
    }
}
