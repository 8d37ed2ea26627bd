package org.ferry.core.rpc;

import org.ferry.core.model.Session;
import org.ferry.core.push.UpdateSink;

/**
 * The caller of one connection (a WebSocket) or one HTTP request: where it comes from, which session it
 * is signed in as (null before sign-in) and, for connections, the sink that receives its pushes. The
 * gateway creates one per connection; the core binds the session. Thread-safe.
 */
public final class CallContext {
    private final String remoteAddress;
    private final SinkFactory sinkFactory;
    private volatile Session session;
    private volatile UpdateSink sink;

    /**
     * @param remoteAddress the client's IP address, for per-IP limits
     * @param sinkFactory makes the connection's sink once it is signed in; null for one-shot HTTP calls
     */
    public CallContext(String remoteAddress, SinkFactory sinkFactory) {
        this.remoteAddress = remoteAddress;
        this.sinkFactory = sinkFactory;
    }

    public String remoteAddress() {
        return remoteAddress;
    }

    public Session session() {
        return session;
    }

    public UpdateSink sink() {
        return sink;
    }

    public boolean isConnection() {
        return sinkFactory != null;
    }

    /** Binds the session; for a connection, also creates its sink, which the caller then registers. */
    public UpdateSink bind(Session newSession) {
        this.session = newSession;
        if (sinkFactory != null) {
            this.sink = sinkFactory.create(newSession.userId(), newSession.id());
        }
        return sink;
    }

    /** Makes the push sink of a connection once its session is known. */
    @FunctionalInterface
    public interface SinkFactory {
        UpdateSink create(long userId, long sessionId);
    }
}
