package org.ferry.gateway;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import org.ferry.core.rpc.CallContext;
import org.ferry.protocol.ErrorBody;
import org.ferry.protocol.ErrorCode;
import org.ferry.protocol.FerryException;
import org.ferry.protocol.Frames;

/**
 * The last handler of a WebSocket connection: each text frame is a request, queued on the connection's
 * {@link SerialQueue} so that one device's requests run in order, one at a time, on a virtual thread; the reply is
 * written from there. Binary frames and bad JSON get MALFORMED_FRAME; a frame over the size limit gets a
 * FRAME_TOO_LARGE error frame and then a 1009 close, because the decoder cannot resynchronise after skipping it.
 * Owns the connection's {@link CallContext}. Not shareable; Netty calls it on the event loop only.
 */
final class WebSocketFrameHandler extends ChannelInboundHandlerAdapter {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(WebSocketFrameHandler.class);

    private final Dispatcher dispatcher;
    private final FrameWriter writer;
    private final SerialQueue queue;
    private final String remoteAddress;
    private final int maxFrameBytes;
    private CallContext context;

    WebSocketFrameHandler(Dispatcher dispatcher, FrameWriter writer, SerialQueue queue, String remoteAddress,
                          int maxFrameBytes) {
        this.dispatcher = dispatcher;
        this.writer = writer;
        this.queue = queue;
        this.remoteAddress = remoteAddress;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        Channel channel = ctx.channel();
        context = new CallContext(remoteAddress,
                (userId, sessionId) -> new ChannelUpdateSink(channel, userId, sessionId, writer));
        writer.metrics().webSocketOpened();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel channel = ctx.channel();
        if (msg instanceof TextWebSocketFrame text) {
            byte[] utf8 = ByteBufUtil.getBytes(text.content());
            text.release();
            if (shed(channel, utf8)) {
                return;
            }
            if (!queue.offer(() -> handle(channel, utf8), utf8.length)) {
                refuse(channel, FrameParser.peekId(utf8));
            }
        } else if (msg instanceof BinaryWebSocketFrame || msg instanceof ContinuationWebSocketFrame) {
            ReferenceCountUtil.release(msg);
            Frames.Error malformed = new Frames.Error(null, new ErrorBody(ErrorCode.MALFORMED_FRAME.name(),
                    "Frames must be text frames holding JSON.", null));
            if (!queue.offer(() -> reject(channel, malformed), 0)) {
                refuse(channel, null);
            }
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    /**
     * During a sign-up flood the core turns sign-up calls away by method name; doing it here, on the event loop,
     * costs a peek at the frame instead of a virtual thread, a full parse and a dispatch (the flood's calls
     * otherwise took the CPU that chats need: docs/benchmarks.md, surge). True if the frame was answered.
     */
    private boolean shed(Channel channel, byte[] utf8) {
        if (!dispatcher.rpc().shedding()) {
            return false;
        }
        FrameParser.Head head = FrameParser.peek(utf8);
        int retryAfter = head.method() == null ? 0 : dispatcher.rpc().shedSeconds(head.method());
        if (retryAfter <= 0) {
            return false;
        }
        reject(channel, new Frames.Error(head.id(), FerryException.floodWait(retryAfter).toBody()));
        return true;
    }

    /** Runs on the connection's drainer thread. */
    private void handle(Channel channel, byte[] utf8) {
        switch (FrameParser.parse(utf8)) {
            case FrameParser.Valid valid -> {
                Frames.Request request = valid.request();
                Reply reply = dispatcher.dispatch(context, request.method(), request.params());
                writer.reply(channel, reply.toFrame(request.id()));
            }
            case FrameParser.Invalid invalid -> reject(channel, new Frames.Error(invalid.id(), invalid.error().toBody()));
        }
    }

    private void reject(Channel channel, Frames.Error error) {
        writer.metrics().rejected(ErrorCode.valueOf(error.error().code()));
        writer.reply(channel, error);
    }

    /** The connection's queue is full: tell the client to slow down, at once, from the event loop. */
    private void refuse(Channel channel, Long id) {
        reject(channel, new Frames.Error(id, FerryException.floodWait(1).toBody()));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        writer.metrics().webSocketClosed();
        CallContext closed = context;
        // After the requests already queued, so that the core sees the close last.
        queue.offerAlways(() -> dispatcher.rpc().closed(closed));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Channel channel = ctx.channel();
        if (cause instanceof TooLongFrameException || (cause instanceof CorruptedWebSocketFrameException corrupt
                && corrupt.closeStatus().equals(WebSocketCloseStatus.MESSAGE_TOO_BIG))) {
            writer.metrics().oversizeFrame();
            String message = "Frames are limited to " + maxFrameBytes + " bytes; the connection is closed.";
            writer.reply(channel, new Frames.Error(null,
                    new ErrorBody(ErrorCode.FRAME_TOO_LARGE.name(), message, null)));
            closeWith(channel, new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG,
                    ErrorCode.FRAME_TOO_LARGE.name()));
        } else if (cause instanceof CorruptedWebSocketFrameException corrupt) {
            closeWith(channel, new CloseWebSocketFrame(corrupt.closeStatus(), "protocol error"));
        } else if (cause instanceof IOException) {
            log.debug("connection from {} failed: {}", remoteAddress, cause.toString());
            channel.close();
        } else {
            log.warn("closing the connection from {} after an unexpected error", remoteAddress, cause);
            closeWith(channel, new CloseWebSocketFrame(WebSocketCloseStatus.INTERNAL_SERVER_ERROR, "INTERNAL"));
        }
    }

    private static void closeWith(Channel channel, CloseWebSocketFrame close) {
        if (channel.isActive()) {
            channel.writeAndFlush(close).addListener(ChannelFutureListener.CLOSE);
        } else {
            close.release();
        }
    }
}
