package org.ferry.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A chat as one member sees it. {@code type} is one of {@code private}, {@code group},
 * {@code supergroup}, {@code channel}; {@code peerId} is set for private chats (the other user);
 * {@code role} is the viewer's: {@code creator}, {@code admin}, {@code member}, or null when the
 * viewer is not a member (a public channel previewed by username).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatView(long id, String type, String title, String username, String about, Long peerId,
                       int memberCount, String role, long seq, long date) {
}
