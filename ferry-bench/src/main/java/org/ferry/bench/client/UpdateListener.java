package org.ferry.bench.client;

/**
 * Receives the pushes of one connection, on its event loop, so it must not block. It gets what the scenarios
 * measure with: the update's {@code type} ({@code newMessage}, ...) and its {@code message.text}, empty when the
 * update carries no message.
 */
@FunctionalInterface
public interface UpdateListener {
    void onUpdate(String type, String messageText);

    /** The same push with its {@code chatId} and {@code seq} (0 when it has none); by default they are ignored. */
    default void onUpdate(String type, String messageText, long chatId, long seq) {
        onUpdate(type, messageText);
    }
}
