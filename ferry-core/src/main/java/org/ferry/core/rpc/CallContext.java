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
    private final java.util.concurrent.atomic.AtomicReference<UpdateSink> sink =
            new java.util.concurrent.atomic.AtomicReference<>();

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
        return sink.get();
    }

    /** Takes the sink away (once: later calls return null), so that it is released exactly once. */
    public UpdateSink detachSink() {
        return sink.getAndSet(null);
    }

    /** Signs the caller out: later calls on this connection need a session again. */
    public void unbind() {
        detachSink();
        this.session = null;
    }

    public boolean isConnection() {
        return sinkFactory != null;
    }

    /** Binds the session; for a connection, also creates its sink, which the caller then registers. */
    public UpdateSink bind(Session newSession) {
        this.session = newSession;
        UpdateSink created = sinkFactory == null ? null : sinkFactory.create(newSession.userId(), newSession.id());
        sink.set(created);
        return created;
    }

    /** Makes the push sink of a connection once its session is known. */
    @FunctionalInterface
    public interface SinkFactory {
        UpdateSink create(long userId, long sessionId);
    }
}
