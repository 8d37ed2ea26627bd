package org.ferry.bench.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.ferry.protocol.Json;

/**
 * One native-protocol connection, the last handler of its pipeline: numbered calls answered by futures, pushes
 * handed to an {@link UpdateListener} on the event loop (listeners must not block). Futures complete on the event
 * loop too. Frames are read without building a tree unless a call asked for its result ({@link ServerFrameReader}).
 * Thread-safe: calls may come from any thread.
 */
public final class WsConnection extends SimpleChannelInboundHandler<WebSocketFrame> {
    /** A call waiting for its answer: exactly one of a caller of {@link #call} or of {@link #callForAck}. */
    private record Pending(CompletableFuture<JsonNode> result, CompletableFuture<Void> ack) {
        CompletableFuture<?> future() {
            return result != null ? result : ack;
        }
    }

    private final Channel channel;
    private final CompletableFuture<WsConnection> handshake = new CompletableFuture<>();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile UpdateListener updates = (type, text) -> { };

    WsConnection(Channel channel) {
        this.channel = channel;
    }

    CompletableFuture<WsConnection> handshake() {
        return handshake;
    }

    /**
     * Calls {@code method} with params already encoded as a JSON object; completes with {@code result} (the whole
     * answer when it has none). Builds a tree of the answer: for setup, not for the measured loops.
     */
    public CompletableFuture<JsonNode> call(String method, String paramsJson) {
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        send(method, paramsJson, new Pending(result, null));
        return result;
    }

    /**
     * Calls {@code method} and completes with null once it is answered without an error: the answer is never
     * turned into a tree. For the calls of the measured loops, which only need to know that the server said yes.
     */
    public CompletableFuture<Void> callForAck(String method, String paramsJson) {
        CompletableFuture<Void> ack = new CompletableFuture<>();
        send(method, paramsJson, new Pending(null, ack));
        return ack;
    }

    private void send(String method, String paramsJson, Pending call) {
        long id = ids.incrementAndGet();
        pending.put(id, call);
        if (!channel.isActive()) {
            fail(id);
            return;
        }
        ByteBuf payload = RequestFrameWriter.write(channel.alloc(), id, method, paramsJson);
        channel.writeAndFlush(new TextWebSocketFrame(payload)).addListener(f -> {
            if (!f.isSuccess()) {
                fail(id);
            }
        });
    }

    /** Receives every update pushed on this connection, on its event loop. */
    public void onUpdate(UpdateListener listener) {
        this.updates = listener;
    }

    /**
     * Runs {@code task} on this connection's event loop after {@code delay}: a retry scheduled here runs on the
     * thread that will write it, at that thread's priority, with no hand-off.
     */
    public void schedule(Runnable task, long delay, java.util.concurrent.TimeUnit unit) {
        channel.eventLoop().schedule(task, delay, unit);
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
        Pending p = pending.remove(id);
        if (p != null) {
            p.future().completeExceptionally(new RpcError(RpcError.CONNECTION_CLOSED, null, 0));
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
        ByteBuf content = text.content();
        // Starts at index 0; the frame's own array when it is exactly that, else a copy (the usual direct buffer).
        byte[] bytes = ByteBufUtil.getBytes(content, content.readerIndex(), content.readableBytes(), false);
        switch (ServerFrameReader.read(bytes, 0, bytes.length)) {
            case ServerFrame.Push push -> updates.onUpdate(push.type(), push.messageText(), push.chatId(), push.seq());
            case ServerFrame.Answer answer -> {
                Pending call = pending.remove(answer.id());
                if (call != null && call.result() != null) {
                    call.result().complete(result(bytes));
                } else if (call != null) {
                    call.ack().complete(null);
                }
            }
            case ServerFrame.Failure failure -> {
                Pending call = pending.remove(failure.id());
                if (call != null) {
                    call.future().completeExceptionally(
                            new RpcError(failure.code(), failure.message(), failure.retryAfter()));
                }
            }
            case ServerFrame.Unmatched unmatched -> {
            }
        }
    }

    /** The answer's {@code result} tree, or the whole answer when it has none. */
    private static JsonNode result(byte[] bytes) throws IOException {
        JsonNode node = Json.mapper().readTree(bytes);
        JsonNode result = node.get("result");
        return result == null ? node : result;
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
