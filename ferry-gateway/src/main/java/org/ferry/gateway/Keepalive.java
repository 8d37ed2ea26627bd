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
 *
 * <p>The pings are spread over the interval: the timer ticks {@link #slots()} times per interval (once a second
 * for the default 30 s) and each tick pings the connections of one slot (by channel id hash). Pinging every
 * connection in the same tick sent one burst of frames (and of pongs back) every 30 s: a 150-450 ms stall
 * for everyone in the chat benchmark with 2,000 connections, and it grows with the connection count. The
 * silence check is a field read and runs over all connections every tick. Thread-safe.
 */
final class Keepalive implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofSeconds(30);
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(100);
    /** At most this many ticks per interval: a tick a second for the default interval. */
    private static final int MAX_SLOTS = 30;

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Keepalive.class);

    private final ChannelGroup connections;
    private final long idleTimeoutNanos;
    private final int slots;
    private final ScheduledFuture<?> task;
    private long ticks; // the timer runs one sweep at a time

    Keepalive(ChannelGroup connections, EventExecutor timer, Duration interval, Duration idleTimeout) {
        this.connections = connections;
        this.idleTimeoutNanos = idleTimeout.toNanos();
        this.slots = (int) Math.max(1, Math.min(MAX_SLOTS, interval.toSeconds()));
        long tick = interval.toNanos() / slots;
        this.task = timer.scheduleAtFixedRate(this::sweep, tick, tick, TimeUnit.NANOSECONDS);
    }

    /** Ticks per interval; each connection is pinged in one of them. */
    int slots() {
        return slots;
    }

    /** One tick: close the silent, ping the live connections of this tick's slot. */
    synchronized void sweep() {
        long now = System.nanoTime();
        int slot = (int) (ticks++ % slots);
        int closed = 0;
        for (Channel channel : connections) {
            SlowConsumerHandler health = channel.pipeline().get(SlowConsumerHandler.class);
            if (health == null) {
                continue;
            }
            if (now - health.lastReadNanos() > idleTimeoutNanos) {
                channel.close();
                closed++;
            } else if (Math.floorMod(channel.id().hashCode(), slots) == slot
                    && channel.pipeline().get(HttpRouterHandler.WEBSOCKET_PROTOCOL) != null && channel.isWritable()) {
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
