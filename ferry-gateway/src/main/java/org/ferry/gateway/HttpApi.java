package org.ferry.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.Locale;
import org.ferry.core.rpc.CallContext;
import org.ferry.protocol.ErrorCode;
import org.ferry.protocol.FerryException;
import org.ferry.protocol.Json;

/**
 * {@code POST /api/{method}}: the native method table over one-shot HTTP. The body is the params object, the
 * session comes from {@code Authorization: Bearer <token>}, and the reply body has the same {@code result} /
 * {@code error} members as a WebSocket frame, with the HTTP status from {@link ErrorStatus}. Blocking: call it on
 * a virtual thread. Thread-safe.
 */
final class HttpApi {
    private final Dispatcher dispatcher;
    private final GatewayMetrics metrics;

    HttpApi(Dispatcher dispatcher, GatewayMetrics metrics) {
        this.dispatcher = dispatcher;
        this.metrics = metrics;
    }

    FullHttpResponse call(ByteBufAllocator alloc, String remoteAddress, String method, String authorization,
                          byte[] body) {
        Reply reply;
        JsonNode params;
        try {
            params = params(body);
        } catch (FerryException e) {
            metrics.rejected(e.code());
            return respond(alloc, new Reply.Failed(e));
        }
        reply = dispatcher.dispatchHttp(new CallContext(remoteAddress, null), bearer(authorization), method, params);
        return respond(alloc, reply);
    }

    static FullHttpResponse respond(ByteBufAllocator alloc, Reply reply) {
        return switch (reply) {
            case Reply.Ok ok -> Responses.json(alloc, HttpResponseStatus.OK, ok.toHttpBody());
            case Reply.Failed failed -> {
                FullHttpResponse response = Responses.json(alloc, ErrorStatus.of(failed.code()), failed.toHttpBody());
                if (failed.body().retryAfter() != null) {
                    response.headers().setInt(HttpHeaderNames.RETRY_AFTER, failed.body().retryAfter());
                }
                yield response;
            }
        };
    }

    private static JsonNode params(byte[] body) {
        if (body.length == 0) {
            return Json.object();
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new FerryException(ErrorCode.MALFORMED_FRAME, "The body is not valid JSON.");
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            return Json.object();
        }
        if (!node.isObject()) {
            throw new FerryException(ErrorCode.MALFORMED_FRAME, "The body must be a JSON object of params.");
        }
        return node;
    }

    /** The token of a {@code Bearer} authorization, or null if there is none. */
    static String bearer(String authorization) {
        if (authorization == null || authorization.length() < 7
                || !authorization.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }
}
