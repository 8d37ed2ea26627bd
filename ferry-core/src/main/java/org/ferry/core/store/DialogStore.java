package org.ferry.core.store;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ferry.core.model.Dialog;

/**
 * Per user and chat: read positions, list flags and messages deleted "for me" (the user partition).
 * Thread-safe.
 */
public interface DialogStore {

    Optional<Dialog> get(long userId, long chatId);

    /** The user's dialogs for the given chats that have a stored row. */
    Map<Long, Dialog> getAll(long userId, Collection<Long> chatIds);

    /**
     * Raises the read positions to at least the given values (null leaves one unchanged), creating the
     * row if needed; positions never move back. Returns the resulting dialog.
     */
    Dialog raiseRead(long userId, long chatId, Long readInboxMaxId, Long readOutboxMaxId);

    /** Sets the pinned and muted flags, creating the row if needed. */
    Dialog setFlags(long userId, long chatId, boolean pinned, boolean muted);

    /** Hides messages from this user's view of the chat ("delete for me"). */
    void hide(long userId, long chatId, Collection<Long> messageIds);

    /** The hidden message ids of the chat for this user within [fromId, toId]. */
    Set<Long> hidden(long userId, long chatId, long fromId, long toId);
}
