package org.ferry.bench.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.ferry.protocol.Json;

/**
 * One native-protocol connection, the last handler of its pipeline: numbered calls answered by futures, pushes
 * handed to a listener on the event loop (listeners must not block). Futures complete on the event loop too.
 * Thread-safe: calls may come from any thread.
 */
public final class WsConnection extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final Channel channel;
    private final CompletableFuture<WsConnection> handshake = new CompletableFuture<>();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile Consumer<JsonNode> updates = u -> { };

    WsConnection(Channel channel) {
        this.channel = channel;
    }

    CompletableFuture<WsConnection> handshake() {
        return handshake;
    }

    /** Calls {@code method} with params already encoded as a JSON object; completes with {@code result}. */
    public CompletableFuture<JsonNode> call(String method, String paramsJson) {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        if (!channel.isActive()) {
            fail(id);
            return answer;
        }
        String frame = "{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + paramsJson + "}";
        channel.writeAndFlush(new TextWebSocketFrame(frame)).addListener(f -> {
            if (!f.isSuccess()) {
                fail(id);
            }
        });
        return answer;
    }

    /** Receives every {@code update} object pushed on this connection, on its event loop. */
    public void onUpdate(Consumer<JsonNode> listener) {
        this.updates = listener;
    }

    public int inFlight() {
        return pending.size();
    }

    /** The local (source) address of the connection. */
    public java.net.InetSocketAddress localAddress() {
        return (java.net.InetSocketAddress) channel.localAddress();
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    public CompletableFuture<Void> close() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        channel.close().addListener(f -> closed.complete(null));
        return closed;
    }

    private void fail(long id) {
        CompletableFuture<JsonNode> f = pending.remove(id);
        if (f != null) {
            f.completeExceptionally(new RpcError(RpcError.CONNECTION_CLOSED, null, 0));
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            handshake.complete(this);
        } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            handshake.completeExceptionally(new IOException("WebSocket handshake timed out"));
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) throws IOException {
        if (!(frame instanceof TextWebSocketFrame text)) {
            return;
        }
        JsonNode node = Json.mapper().readTree(text.content().toString(StandardCharsets.UTF_8));
        JsonNode update = node.get("update");
        if (update != null) {
            updates.accept(update);
            return;
        }
        JsonNode id = node.get("id");
        CompletableFuture<JsonNode> answer = id == null ? null : pending.remove(id.asLong());
        if (answer == null) {
            return;
        }
        JsonNode error = node.get("error");
        if (error != null) {
            answer.completeExceptionally(new RpcError(error.path("code").asText("UNKNOWN"),
                    error.path("message").asText(""), error.path("retryAfter").asInt(0)));
        } else {
            JsonNode result = node.get("result");
            answer.complete(result == null ? node : result);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        handshake.completeExceptionally(new IOException("connection closed before the handshake"));
        pending.keySet().forEach(this::fail);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        handshake.completeExceptionally(cause);
        ctx.close();
    }
}
