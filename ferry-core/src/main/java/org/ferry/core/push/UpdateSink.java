package org.ferry.core.push;

import org.ferry.protocol.ErrorCode;
import org.ferry.protocol.Update;

/**
 * One live connection of a signed-in session, as the push bus sees it. Implemented by the gateway.
 * Both methods are called from any thread and must never block: they queue and return.
 */
public interface UpdateSink {
    long userId();

    long sessionId();

    /** Queues the update for the client. A connection over its outbound high-water mark may drop it
     * (and close itself): pushes are a latency path, the client repairs gaps by difference sync. */
    void push(Update update);

    /** Closes the connection after telling the client why (for example a terminated session). */
    void close(ErrorCode reason);
}
