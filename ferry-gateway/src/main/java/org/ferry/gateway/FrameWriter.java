package org.ferry.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.io.IOException;
import java.io.OutputStream;
import org.ferry.protocol.Frames;
import org.ferry.protocol.Json;
import org.ferry.protocol.Update;

/**
 * Writes JSON frames to WebSocket connections under the outbound bounds. Replies (results and errors) are never
 * dropped: past the hard cap the connection is closed instead, because a client missing a reply would wait
 * forever. Pushes are dropped while the connection is over its high-water mark: they are a latency path and the
 * client repairs gaps by difference sync. JSON is encoded on the calling thread straight into a pooled buffer.
 * One per gateway; thread-safe.
 */
final class FrameWriter {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(FrameWriter.class);

    private final GatewayMetrics metrics;
    private final long hardCap;

    FrameWriter(GatewayMetrics metrics, long hardCap) {
        this.metrics = metrics;
        this.hardCap = hardCap;
    }

    GatewayMetrics metrics() {
        return metrics;
    }

    /** Writes a result or error frame, or closes the connection if it already holds more than the hard cap. */
    void reply(Channel channel, Object frame) {
        if (!channel.isActive()) {
            return;
        }
        if (pendingBytes(channel) > hardCap) {
            disconnectSlowConsumer(channel);
            return;
        }
        channel.writeAndFlush(new TextWebSocketFrame(encode(channel.alloc(), frame)));
    }

    /** Writes an update unless the connection is over its high-water mark; true if it was written. */
    boolean push(Channel channel, Update update) {
        if (!channel.isActive()) {
            return false;
        }
        if (!channel.isWritable()) {
            metrics.pushDropped();
            return false;
        }
        channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(encodedPush(update))));
        metrics.pushSent();
        return true;
    }

    /**
     * The push frame of {@code update}, encoded once per publishing thread: the push bus hands the same
     * update object to every recipient's sink in a loop, and encoding it for each of them was the
     * bench's second largest cost (a channel post to 10,000 online subscribers). The bytes are shared,
     * read-only, by every recipient's frame.
     */
    private static byte[] encodedPush(Update update) {
        Encoded last = LAST_PUSH.get();
        if (last != null && last.update() == update) {
            return last.bytes();
        }
        byte[] bytes = Json.writeBytes(new Frames.Push(update));
        LAST_PUSH.set(new Encoded(update, bytes));
        return bytes;
    }

    private record Encoded(Update update, byte[] bytes) {
    }

    private static final ThreadLocal<Encoded> LAST_PUSH = new ThreadLocal<>();

    void disconnectSlowConsumer(Channel channel) {
        if (channel.isOpen()) {
            log.info("closing a connection from {} that does not read its data", channel.remoteAddress());
            metrics.slowConsumerDisconnected();
            channel.close();
        }
    }

    /** Bytes written to the channel and not yet on the socket, including writes still queued for its event loop. */
    static long pendingBytes(Channel channel) {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    static ByteBuf encode(ByteBufAllocator alloc, Object value) {
        ByteBuf buf = alloc.buffer(256);
        try (OutputStream out = new ByteBufOutputStream(buf)) {
            Json.mapper().writeValue(out, value);
            return buf;
        } catch (IOException | RuntimeException e) {
            buf.release();
            throw new IllegalStateException("cannot serialise " + value.getClass().getName(), e);
        }
    }
}
