package org.ferry.core.model;

import java.util.List;

/**
 * The current state of one message. {@code id} is the chat seq at which it was posted. A service
 * message has {@code action} set and no text. {@code randomId} is the sender's idempotency key (0 when
 * none). Dates are epoch seconds. Immutable.
 */
public record Message(long chatId, long id, long senderId, long date, String text, Long replyToId,
                      Forward forward, Long editDate, Action action, long randomId) {

    public Message edited(String newText, long at) {
        return new Message(chatId, id, senderId, date, newText, replyToId, forward, at, action, randomId);
    }

    /** Origin of a forwarded message. */
    public record Forward(long chatId, long messageId, long senderId, long date) {
    }

    /** A change of the chat recorded in its log (see {@link ActionType}). */
    public record Action(ActionType type, List<Long> userIds, String title) {
        public Action {
            userIds = userIds == null ? List.of() : List.copyOf(userIds);
        }
    }

    /** Kinds of service message. */
    public enum ActionType {
        CREATED, MEMBERS_ADDED, MEMBER_REMOVED, MEMBER_LEFT, MEMBER_JOINED, TITLE_CHANGED;

        public String wireName() {
            String[] parts = name().toLowerCase(java.util.Locale.ROOT).split("_");
            StringBuilder sb = new StringBuilder(parts[0]);
            for (int i = 1; i < parts.length; i++) {
                sb.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
            }
            return sb.toString();
        }
    }
}
