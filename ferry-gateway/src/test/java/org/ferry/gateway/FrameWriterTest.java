package org.ferry.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.ferry.protocol.Frames;
import org.ferry.protocol.Json;
import org.ferry.protocol.Update;
import org.junit.jupiter.api.Test;

/** Pushes are encoded once per update and shared by its recipients, and never confused with another update's. */
class FrameWriterTest {
    private final FrameWriter writer = new FrameWriter(
            new GatewayMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)), 1 << 20);

    @Test
    void everyRecipientGetsTheUpdateItWasHandedEvenWhenManyInterleave() {
        EmbeddedChannel first = new EmbeddedChannel();
        EmbeddedChannel second = new EmbeddedChannel();
        List<Update> updates = new ArrayList<>();
        for (int i = 0; i < 500; i++) { // each displaces the one before from the writer's cache
            updates.add(new Update.Typing(1_000 + i, 7));
        }
        for (Update update : updates) {
            assertThat(writer.push(first, update)).isTrue();
        }
        for (Update update : updates.reversed()) {
            assertThat(writer.push(second, update)).isTrue();
        }

        for (Update update : updates) {
            assertThat(text(first)).isEqualTo(expected(update));
        }
        for (Update update : updates.reversed()) {
            assertThat(text(second)).isEqualTo(expected(update));
        }
    }

    @Test
    void recipientsOfOneUpdateShareItsEncodedBytes() {
        EmbeddedChannel first = new EmbeddedChannel();
        EmbeddedChannel second = new EmbeddedChannel();
        Update update = new Update.Typing(42, 7);

        writer.push(first, update);
        writer.push(second, update);

        TextWebSocketFrame a = first.readOutbound();
        TextWebSocketFrame b = second.readOutbound();
        assertThat(a.content().hasArray() && b.content().hasArray()).isTrue();
        assertThat(a.content().array()).isSameAs(b.content().array());
        a.release();
        b.release();
    }

    private static String text(EmbeddedChannel channel) {
        TextWebSocketFrame frame = channel.readOutbound();
        try {
            return frame.text();
        } finally {
            frame.release();
        }
    }

    private static String expected(Update update) {
        return new String(Json.writeBytes(new Frames.Push(update)), StandardCharsets.UTF_8);
    }
}
