package org.ferry.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One message of a chat. {@code id} is the chat's seq at which the message was created, so ids grow
 * within a chat. A service message ({@code action} set) records a change of the chat itself.
 * Dates are epoch seconds.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageView(long chatId, long id, long senderId, long date, String text, Long replyToId,
                          ForwardView forwardFrom, Long editDate, ActionView action) {

    /** Where a forwarded message came from. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ForwardView(long chatId, long messageId, long senderId, long date) {
    }

    /**
     * A change of the chat: {@code type} is one of {@code created}, {@code membersAdded},
     * {@code memberRemoved}, {@code memberLeft}, {@code memberJoined}, {@code titleChanged}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ActionView(String type, java.util.List<Long> userIds, String title) {
    }
}
