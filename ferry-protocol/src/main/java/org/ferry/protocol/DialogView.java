package org.ferry.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One entry of a user's chat list: the chat, its newest visible message, the chat's current head seq,
 * the reader's read positions (message ids) and the number of unread incoming messages.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DialogView(ChatView chat, MessageView topMessage, long readInboxMaxId, long readOutboxMaxId,
                         int unreadCount, boolean pinned, boolean muted) {
}
