package org.ferry.core;

import java.time.Clock;
import org.ferry.core.auth.CodeSender;
import org.ferry.core.push.PushBus;
import org.ferry.core.rpc.RpcHandler;
import org.ferry.core.store.Stores;

/**
 * The composition root of the domain: builds every service over one {@link Stores} backend and one
 * {@link PushBus}, and exposes the method table to the gateway. Thread-safe.
 */
public final class FerryCore implements AutoCloseable {
    private final RpcHandler rpc;

    private FerryCore(RpcHandler rpc) {
        this.rpc = rpc;
    }

    public static FerryCore create(CoreConfig config, Stores stores, PushBus bus, CodeSender codeSender, Clock clock) {
        throw new UnsupportedOperationException("being written");
    }

    public RpcHandler rpc() {
        return rpc;
    }

    @Override
    public void close() {
    }
}
