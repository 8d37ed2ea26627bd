package org.ferry.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import org.ferry.core.push.UpdateSink;
import org.ferry.protocol.ErrorBody;
import org.ferry.protocol.ErrorCode;
import org.ferry.protocol.Frames;
import org.ferry.protocol.Update;

/**
 * The push end of one signed-in WebSocket: the core's push bus calls it from any thread, and it hands each update
 * to the {@link FrameWriter}, which drops it if the connection is not keeping up. Never blocks. Thread-safe.
 */
final class ChannelUpdateSink implements UpdateSink {
    /** WebSocket close code for "the server ended this session"; 4000-4999 are for applications. */
    static final int CLOSE_SESSION_ENDED = 4000;

    private final Channel channel;
    private final long userId;
    private final long sessionId;
    private final FrameWriter writer;

    ChannelUpdateSink(Channel channel, long userId, long sessionId, FrameWriter writer) {
        this.channel = channel;
        this.userId = userId;
        this.sessionId = sessionId;
        this.writer = writer;
    }

    @Override
    public long userId() {
        return userId;
    }

    @Override
    public long sessionId() {
        return sessionId;
    }

    @Override
    public void push(Update update) {
        writer.push(channel, update);
    }

    /** Sends an error frame with the reason, then a close frame carrying the code's name, then closes. */
    @Override
    public void close(ErrorCode reason) {
        writer.reply(channel, new Frames.Error(null, new ErrorBody(reason.name(), reason.description(), null)));
        channel.writeAndFlush(new CloseWebSocketFrame(CLOSE_SESSION_ENDED, reason.name()))
                .addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public String toString() {
        return "ChannelUpdateSink[user=" + userId + ", session=" + sessionId + ", " + channel.remoteAddress() + "]";
    }
}
