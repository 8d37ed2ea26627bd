package org.ferry.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KeepaliveTest {
    private static EmbeddedChannel webSocket() {
        EmbeddedChannel channel = new EmbeddedChannel();
        FrameWriter writer = new FrameWriter(new GatewayMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)),
                1 << 20);
        channel.pipeline().addLast("slow-consumer", new SlowConsumerHandler(writer, Duration.ofSeconds(5).toNanos()));
        channel.pipeline().addLast(HttpRouterHandler.WEBSOCKET_PROTOCOL, new ChannelInboundHandlerAdapter());
        return channel;
    }

    @Test
    void pingsLiveWebSocketsAndClosesSilentOnes() {
        DefaultChannelGroup group = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        EmbeddedChannel live = webSocket();
        group.add(live);
        try (Keepalive keepalive = new Keepalive(group, GlobalEventExecutor.INSTANCE, Duration.ofHours(1),
                Duration.ofHours(1))) {
            keepalive.sweep();
        }
        Object ping = live.readOutbound();
        assertThat(ping).isInstanceOf(PingWebSocketFrame.class);
        ((PingWebSocketFrame) ping).release();
        assertThat(live.isOpen()).isTrue();
        assertFalse(live.finish());

        EmbeddedChannel silent = webSocket();
        group.add(silent);
        try (Keepalive keepalive = new Keepalive(group, GlobalEventExecutor.INSTANCE, Duration.ofHours(1),
                Duration.ofNanos(1))) {
            keepalive.sweep();
        }
        assertThat(silent.isOpen()).isFalse();
        assertFalse(silent.finish());
    }
}
