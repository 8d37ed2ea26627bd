package org.ferry.gateway;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Watches a data connection's writability. When the client stops reading and the outbound buffer passes the
 * high-water mark, it stops reading from the client too (no new requests, so no new replies) and starts a timer;
 * if the connection is still unwritable when the timer fires, the client is too slow and is disconnected. Sits in
 * the pipeline of every data connection, before and after the WebSocket upgrade. It also notes when the client
 * last sent anything (pongs included), which {@link Keepalive} reads to find dead connections. Not shareable;
 * event loop only, except {@link #lastReadNanos}.
 */
final class SlowConsumerHandler extends ChannelInboundHandlerAdapter {
    private final FrameWriter writer;
    private final long timeoutNanos;
    private ScheduledFuture<?> deadline;
    private volatile long lastReadNanos = System.nanoTime();

    SlowConsumerHandler(FrameWriter writer, long timeoutNanos) {
        this.writer = writer;
        this.timeoutNanos = timeoutNanos;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(false);
            if (deadline == null) {
                deadline = ctx.executor().schedule(() -> {
                    deadline = null;
                    if (!ctx.channel().isWritable()) {
                        writer.disconnectSlowConsumer(ctx.channel());
                    }
                }, timeoutNanos, TimeUnit.NANOSECONDS);
            }
        } else {
            cancel();
            ctx.channel().config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastReadNanos = System.nanoTime();
        ctx.fireChannelRead(msg);
    }

    /** When the client last sent anything ({@link System#nanoTime()}); any thread. */
    long lastReadNanos() {
        return lastReadNanos;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    private void cancel() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
