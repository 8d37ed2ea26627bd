package org.ferry.core.model;

import java.util.List;

/**
 * One entry of a chat's gapless log. Every change of a chat's messages is an entry, so a client that
 * knows seq N can replay N+1, N+2, ... to reach the current state.
 */
public sealed interface LogEntry {
    long chatId();

    long seq();

    /** A message was posted; {@code message.id() == seq}. */
    record Posted(long chatId, long seq, Message message) implements LogEntry {
    }

    /** A message was edited; {@code message} is its new state. */
    record Edited(long chatId, long seq, Message message) implements LogEntry {
    }

    /** Messages were deleted for everyone. */
    record Deleted(long chatId, long seq, List<Long> messageIds) implements LogEntry {
        public Deleted {
            messageIds = List.copyOf(messageIds);
        }
    }
}
