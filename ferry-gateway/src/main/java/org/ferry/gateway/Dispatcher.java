package org.ferry.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.ferry.core.rpc.CallContext;
import org.ferry.core.rpc.RpcHandler;
import org.ferry.protocol.ErrorCode;
import org.ferry.protocol.FerryException;
import org.ferry.protocol.Json;

/**
 * Runs one request against the {@link RpcHandler} and turns every way it can end into a {@link Reply}: expected
 * failures keep their code, anything else becomes INTERNAL with a log line carrying the stack trace (but never the
 * params, which hold phone numbers, codes, tokens and message text). Blocking: call it on a virtual thread.
 * Thread-safe.
 */
final class Dispatcher {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Dispatcher.class);

    private final RpcHandler rpc;
    private final GatewayMetrics metrics;

    Dispatcher(RpcHandler rpc, GatewayMetrics metrics) {
        this.rpc = rpc;
        this.metrics = metrics;
    }

    RpcHandler rpc() {
        return rpc;
    }

    /** A request on a WebSocket, whose context carries the session once signed in. */
    Reply dispatch(CallContext context, String method, JsonNode params) {
        return run(context, null, method, params);
    }

    /** A one-shot HTTP request: signs {@code context} in with {@code token} first, unless the method is one
     * that produces a session ({@link RpcHandler#SIGN_IN_METHODS}). */
    Reply dispatchHttp(CallContext context, String token, String method, JsonNode params) {
        return run(context, RpcHandler.SIGN_IN_METHODS.contains(method) ? null : (token == null ? "" : token), method, params);
    }

    private Reply run(CallContext context, String token, String method, JsonNode params) {
        long start = System.nanoTime();
        Reply reply;
        try {
            if (token != null) {
                if (token.isEmpty()) {
                    throw new FerryException(ErrorCode.AUTH_KEY_UNREGISTERED,
                            "This method needs \"Authorization: Bearer <token>\".");
                }
                rpc.authenticate(context, token);
            }
            Object result = rpc.call(context, method, params);
            reply = new Reply.Ok(result == null ? Json.object() : result);
        } catch (FerryException e) {
            reply = new Reply.Failed(e);
        } catch (Exception | StackOverflowError | LinkageError e) {
            log.error("{} failed for a client from {}", method, context.remoteAddress(), e);
            reply = new Reply.Failed(new FerryException(ErrorCode.INTERNAL));
        }
        metrics.request(method, reply instanceof Reply.Failed f ? f.code() : null, System.nanoTime() - start);
        return reply;
    }
}
