package org.ferry.gateway;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Finds dead connections: every {@code interval} it pings each WebSocket (browsers and WebSocket clients
 * answer with a pong) and closes any data connection that has sent nothing for {@code idleTimeout}. A
 * half-open TCP connection (a phone that lost its network) would otherwise hold its session, memory and
 * file descriptor until the kernel's keepalive gives up, two hours later. One timer for all connections,
 * not one per connection, so an idle connection costs one field ({@link SlowConsumerHandler#lastReadNanos}).
 * Thread-safe.
 */
final class Keepalive implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofSeconds(30);
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(100);

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Keepalive.class);

    private final ChannelGroup connections;
    private final long idleTimeoutNanos;
    private final ScheduledFuture<?> task;

    Keepalive(ChannelGroup connections, EventExecutor timer, Duration interval, Duration idleTimeout) {
        this.connections = connections;
        this.idleTimeoutNanos = idleTimeout.toNanos();
        this.task = timer.scheduleAtFixedRate(this::sweep, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** One pass: close the silent, ping the rest. */
    void sweep() {
        long now = System.nanoTime();
        int closed = 0;
        for (Channel channel : connections) {
            SlowConsumerHandler health = channel.pipeline().get(SlowConsumerHandler.class);
            if (health == null) {
                continue;
            }
            if (now - health.lastReadNanos() > idleTimeoutNanos) {
                channel.close();
                closed++;
            } else if (channel.pipeline().get(HttpRouterHandler.WEBSOCKET_PROTOCOL) != null && channel.isWritable()) {
                channel.writeAndFlush(new PingWebSocketFrame());
            }
        }
        if (closed > 0) {
            log.info("closed {} connections silent for more than {} s", closed, idleTimeoutNanos / 1_000_000_000L);
        }
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
