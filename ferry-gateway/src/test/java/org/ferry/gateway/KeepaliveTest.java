package org.ferry.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeepaliveTest {
    private static EmbeddedChannel webSocket() {
        EmbeddedChannel channel = new EmbeddedChannel(DefaultChannelId.newInstance()); // a group keys by id
        FrameWriter writer = new FrameWriter(new GatewayMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)),
                1 << 20);
        channel.pipeline().addLast("slow-consumer", new SlowConsumerHandler(writer, Duration.ofSeconds(5).toNanos()));
        channel.pipeline().addLast(HttpRouterHandler.WEBSOCKET_PROTOCOL, new ChannelInboundHandlerAdapter());
        return channel;
    }

    @Test
    void pingsEachLiveWebSocketOncePerIntervalSpreadOverItsTicksAndClosesSilentOnes() {
        DefaultChannelGroup group = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        List<EmbeddedChannel> live = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            live.add(webSocket());
            group.add(live.getLast());
        }
        int[] pingsPerTick;
        try (Keepalive keepalive = new Keepalive(group, GlobalEventExecutor.INSTANCE, Duration.ofSeconds(30),
                Duration.ofHours(1))) {
            assertThat(keepalive.slots()).isEqualTo(30);
            pingsPerTick = new int[keepalive.slots()];
            for (int tick = 0; tick < keepalive.slots(); tick++) {
                keepalive.sweep();
                for (EmbeddedChannel channel : live) {
                    Object ping = channel.readOutbound();
                    if (ping != null) {
                        assertThat(ping).isInstanceOf(PingWebSocketFrame.class);
                        ((PingWebSocketFrame) ping).release();
                        pingsPerTick[tick]++;
                    }
                }
            }
        }
        assertThat(Arrays.stream(pingsPerTick).sum()).as("each connection once per interval").isEqualTo(200);
        assertThat(Arrays.stream(pingsPerTick).max().orElseThrow()).as("spread, not one burst").isLessThan(40);
        for (EmbeddedChannel channel : live) {
            assertThat(channel.isOpen()).isTrue();
            assertFalse(channel.finish());
        }

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
