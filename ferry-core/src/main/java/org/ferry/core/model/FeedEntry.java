package org.ferry.core.model;

/**
 * A pointer in a user's feed: "chat {@code chatId} changed at {@code seq}". {@code id} is time-ordered
 * and unique but not gapless; clients page with it as an opaque token.
 */
public record FeedEntry(long userId, long id, long chatId, long seq) {
}
