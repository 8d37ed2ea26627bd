package org.ferry.core.model;

/**
 * A user's private state about one chat: read positions (message ids) and list flags. Read positions
 * only move forward. Immutable.
 */
public record Dialog(long userId, long chatId, long readInboxMaxId, long readOutboxMaxId, boolean pinned,
                     boolean muted) {

    public static Dialog empty(long userId, long chatId) {
        return new Dialog(userId, chatId, 0, 0, false, false);
    }
}
