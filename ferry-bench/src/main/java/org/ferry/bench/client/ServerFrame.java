package org.ferry.bench.client;

/**
 * What the bench needs from one frame the server sent, as {@link ServerFrameReader} reads it: an answer, an error
 * answer, or a push. Immutable.
 */
public sealed interface ServerFrame {
    /** An answer without an error; its {@code result}, if any, is left unread. */
    record Answer(long id) implements ServerFrame {
    }

    /** An error answer; {@code code} is {@code UNKNOWN} and {@code message} empty when the server left them out. */
    record Failure(long id, String code, String message, int retryAfter) implements ServerFrame {
    }

    /**
     * A push: the update's {@code type}, its {@code message.text} (empty when it has none), and its {@code chatId}
     * and {@code seq} (0 when it has none).
     */
    record Push(String type, String messageText, long chatId, long seq) implements ServerFrame {
        public Push(String type, String messageText) {
            this(type, messageText, 0, 0);
        }
    }

    /** Neither an update nor an answer the bench could match to a call: it has no id. */
    record Unmatched() implements ServerFrame {
    }
}
