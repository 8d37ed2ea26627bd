package org.ferry.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * A server-pushed event. Chat-log updates carry the chat's {@code seq}: a client applies one when it is
 * its local seq + 1, and otherwise asks {@code updates.getDifference} for the chat. The other updates are
 * ephemeral hints; anything they say can also be read with a method.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Update.NewMessage.class, name = "newMessage"),
        @JsonSubTypes.Type(value = Update.MessageEdited.class, name = "messageEdited"),
        @JsonSubTypes.Type(value = Update.MessagesDeleted.class, name = "messagesDeleted"),
        @JsonSubTypes.Type(value = Update.ReadInbox.class, name = "readInbox"),
        @JsonSubTypes.Type(value = Update.ReadOutbox.class, name = "readOutbox"),
        @JsonSubTypes.Type(value = Update.Typing.class, name = "typing"),
        @JsonSubTypes.Type(value = Update.UserStatus.class, name = "userStatus"),
        @JsonSubTypes.Type(value = Update.LoginCode.class, name = "loginCode"),
        @JsonSubTypes.Type(value = Update.DeletedForMe.class, name = "deletedForMe"),
        @JsonSubTypes.Type(value = Update.RoleChanged.class, name = "roleChanged"),
        @JsonSubTypes.Type(value = Update.ChatUsernameChanged.class, name = "chatUsernameChanged"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface Update {

    /** Chat-log updates: each has the chat and the seq it occupies in the chat's log. */
    sealed interface ChatLog extends Update {
        long chatId();

        long seq();
    }

    /** A message (or service message) appended to the chat at {@code seq} ({@code == message.id}). */
    record NewMessage(long chatId, long seq, MessageView message) implements ChatLog {
    }

    /** The message was edited; {@code message} is its new state. */
    record MessageEdited(long chatId, long seq, MessageView message) implements ChatLog {
    }

    /** The messages were deleted for everyone. */
    record MessagesDeleted(long chatId, long seq, List<Long> ids) implements ChatLog {
    }

    /** One of the user's own sessions read incoming messages up to {@code maxId}. */
    record ReadInbox(long chatId, long maxId, int unreadCount) implements Update {
    }

    /** Others read the user's outgoing messages up to {@code maxId}. */
    record ReadOutbox(long chatId, long maxId) implements Update {
    }

    /** {@code userId} is typing in the chat; the hint lasts about 6 seconds unless repeated. */
    record Typing(long chatId, long userId) implements Update {
    }

    /** A contact or chat partner came online or went offline. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record UserStatus(long userId, boolean online, Long lastSeen) implements Update {
    }

    /** A login code for this account, delivered in-app to its signed-in sessions. */
    record LoginCode(String code, long expiresAt) implements Update {
    }

    /** The user's other session deleted these messages for the user only. */
    record DeletedForMe(long chatId, List<Long> ids) implements Update {
    }

    /** {@code userId}'s role in the chat is now {@code role} ({@code admin} or {@code member}). */
    record RoleChanged(long chatId, long userId, String role) implements Update {
    }

    /** A supergroup's or channel's public username changed; absent when it was removed (the chat is private). */
    record ChatUsernameChanged(long chatId, String username) implements Update {
    }
}
