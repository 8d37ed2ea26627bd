package org.ferry.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.ferry.core.push.UpdateSink;
import org.ferry.protocol.ErrorCode;
import org.ferry.protocol.Json;
import org.ferry.protocol.Update;
import org.junit.jupiter.api.Test;

/** Codec tests of the WebSocket frame handler: real frames through an {@link EmbeddedChannel}, no sockets. */
class WebSocketFrameHandlerTest {
    private static final int MAX_FRAME = 64 * 1024;

    private final FakeRpcHandler rpc = new FakeRpcHandler();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final GatewayMetrics metrics = new GatewayMetrics(registry);

    private EmbeddedChannel channel(Executor drainers, int maxQueued, long hardCap, ChannelHandler... before) {
        FrameWriter writer = new FrameWriter(metrics, hardCap);
        WebSocketFrameHandler handler = new WebSocketFrameHandler(new Dispatcher(rpc, metrics), writer,
                new SerialQueue(drainers, maxQueued, 1024 * 1024), "127.0.0.1", MAX_FRAME);
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast(before).addLast(handler);
        return channel;
    }

    /** Runs each connection's work on the calling thread, so a request is answered within writeInbound. */
    private EmbeddedChannel channel() {
        return channel(Runnable::run, 256, 4L * 1024 * 1024);
    }

    private static JsonNode readJson(EmbeddedChannel channel) throws IOException {
        TextWebSocketFrame frame = channel.readOutbound();
        assertThat(frame).as("an outbound text frame").isNotNull();
        try {
            return Json.mapper().readTree(frame.text());
        } finally {
            frame.release();
        }
    }

    private static TextWebSocketFrame text(String json) {
        return new TextWebSocketFrame(json);
    }

    private double count(String name) {
        var counter = registry.find(name).functionCounter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aShedSignUpCallIsAnsweredOnTheEventLoopWithoutRunning() throws IOException {
        List<Runnable> queued = new ArrayList<>();
        EmbeddedChannel channel = channel(queued::add, 256, 4L * 1024 * 1024);
        rpc.shedFor.set(9);
        channel.writeInbound(text("{\"params\":{\"phone\":\"+15550001111\"},\"method\":\"auth.sendCode\",\"id\":3}"));
        channel.writeInbound(text("{\"id\":4,\"method\":\"echo\",\"params\":{}}"));

        JsonNode reply = readJson(channel);
        assertThat(reply.get("id").asLong()).isEqualTo(3);
        assertThat(reply.at("/error/code").asText()).isEqualTo(ErrorCode.FLOOD_WAIT.name());
        assertThat(reply.at("/error/retryAfter").asInt()).isEqualTo(9);
        assertThat(queued).as("only the echo reached a drainer").hasSize(1);
        queued.forEach(Runnable::run);
        channel.runPendingTasks();
        assertThat(readJson(channel).get("id").asLong()).isEqualTo(4);
        assertThat(rpc.calls).containsExactly("echo");

        rpc.shedFor.set(0);
        channel.writeInbound(text("{\"id\":5,\"method\":\"auth.sendCode\",\"params\":{}}"));
        assertThat(queued).as("not shedding: the call is queued as usual").hasSize(2);
        assertFalse(channel.finish());
    }

    @Test
    void requestGetsResultWithItsId() throws IOException {
        EmbeddedChannel channel = channel();
        channel.writeInbound(text("{\"id\":7,\"method\":\"echo\",\"params\":{\"a\":1}}"));

        JsonNode reply = readJson(channel);
        assertThat(reply.get("id").asLong()).isEqualTo(7);
        assertThat(reply.get("result").get("a").asInt()).isEqualTo(1);
        assertThat(reply.has("error")).isFalse();
        assertFalse(channel.finish());
    }

    @Test
    void methodWithoutValueGetsEmptyResult() throws IOException {
        EmbeddedChannel channel = channel();
        channel.writeInbound(text("{\"id\":1,\"method\":\"nothing\"}"));

        JsonNode reply = readJson(channel);
        assertThat(reply.get("result").isObject()).isTrue();
        assertThat(reply.get("result").size()).isZero();
        assertFalse(channel.finish());
    }

    @Test
    void invalidJsonGetsMalformedFrameWithoutId() throws IOException {
        EmbeddedChannel channel = channel();
        channel.writeInbound(text("{not json"));

        JsonNode reply = readJson(channel);
        assertThat(reply.has("id")).isFalse();
        assertThat(reply.get("error").get("code").asText()).isEqualTo("MALFORMED_FRAME");
        assertThat(channel.isActive()).isTrue();
        assertFalse(channel.finish());
    }

    @Test
    void badlyShapedRequestGetsMalformedFrameWithItsId() throws IOException {
        EmbeddedChannel channel = channel();
        channel.writeInbound(text("{\"params\":{\"x\":[1,2]},\"id\":12,\"method\":5}"));

        JsonNode reply = readJson(channel);
        assertThat(reply.get("id").asLong()).isEqualTo(12);
        assertThat(reply.get("error").get("code").asText()).isEqualTo("MALFORMED_FRAME");
        assertFalse(channel.finish());
    }

    @Test
    void unknownMethodGetsMethodInvalid() throws IOException {
        EmbeddedChannel channel = channel();
        channel.writeInbound(text("{\"id\":3,\"method\":\"no.such\"}"));

        JsonNode reply = readJson(channel);
        assertThat(reply.get("id").asLong()).isEqualTo(3);
        assertThat(reply.get("error").get("code").asText()).isEqualTo("METHOD_INVALID");
        assertFalse(channel.finish());
    }

    @Test
    void bugBecomesInternalWithoutDetails() throws IOException {
        EmbeddedChannel channel = channel();
        channel.writeInbound(text("{\"id\":4,\"method\":\"fail\",\"params\":{\"phone\":\"" + FakeRpcHandler.SECRET_PARAM
                + "\"}}"));

        JsonNode reply = readJson(channel);
        assertThat(reply.get("error").get("code").asText()).isEqualTo("INTERNAL");
        assertThat(reply.toString()).doesNotContain(FakeRpcHandler.SECRET_PARAM, "Exception", "at org.");
        assertThat(channel.isActive()).isTrue();
        assertFalse(channel.finish());
    }

    @Test
    void floodWaitKeepsRetryAfter() throws IOException {
        EmbeddedChannel channel = channel();
        channel.writeInbound(text("{\"id\":9,\"method\":\"flood\"}"));

        JsonNode error = readJson(channel).get("error");
        assertThat(error.get("code").asText()).isEqualTo("FLOOD_WAIT");
        assertThat(error.get("retryAfter").asInt()).isEqualTo(7);
        assertFalse(channel.finish());
    }

    @Test
    void binaryFrameGetsMalformedFrame() throws IOException {
        EmbeddedChannel channel = channel();
        channel.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2, 3})));

        JsonNode reply = readJson(channel);
        assertThat(reply.get("error").get("code").asText()).isEqualTo("MALFORMED_FRAME");
        assertThat(channel.isActive()).isTrue();
        assertFalse(channel.finish());
    }

    @Test
    void oversizeFrameGetsErrorThenClose() throws IOException {
        WebSocketDecoderConfig config = WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(MAX_FRAME)
                .expectMaskedFrames(false).closeOnProtocolViolation(false).build();
        EmbeddedChannel channel = channel(Runnable::run, 256, 4L * 1024 * 1024,
                new WebSocket13FrameDecoder(config), new WebSocketFrameAggregator(MAX_FRAME));
        ByteBuf header = Unpooled.buffer().writeByte(0x81).writeByte(127).writeLong(MAX_FRAME + 1L);
        channel.writeInbound(header);

        JsonNode reply = readJson(channel);
        assertThat(reply.has("id")).isFalse();
        assertThat(reply.get("error").get("code").asText()).isEqualTo("FRAME_TOO_LARGE");
        CloseWebSocketFrame close = channel.readOutbound();
        assertThat(close.statusCode()).isEqualTo(1009);
        assertThat(close.reasonText()).isEqualTo("FRAME_TOO_LARGE");
        close.release();
        assertThat(channel.isOpen()).isFalse();
        assertThat(count("ferry.frames.oversize")).isEqualTo(1);
        assertFalse(channel.finish());
    }

    @Test
    void oversizeFragmentedMessageGetsErrorThenClose() throws IOException {
        EmbeddedChannel channel = channel(Runnable::run, 256, 4L * 1024 * 1024,
                new WebSocketFrameAggregator(MAX_FRAME));
        channel.writeInbound(new TextWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[40_000])));
        channel.writeInbound(new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(new byte[40_000])));

        assertThat(readJson(channel).get("error").get("code").asText()).isEqualTo("FRAME_TOO_LARGE");
        CloseWebSocketFrame close = channel.readOutbound();
        assertThat(close.statusCode()).isEqualTo(1009);
        close.release();
        assertThat(channel.isOpen()).isFalse();
        assertFalse(channel.finish());
    }

    @Test
    void requestsBeyondTheQueueBoundGetFloodWait() throws IOException {
        List<Runnable> drainers = new ArrayList<>();
        EmbeddedChannel channel = channel(drainers::add, 2, 4L * 1024 * 1024);
        channel.writeInbound(text("{\"id\":1,\"method\":\"echo\"}"));
        channel.writeInbound(text("{\"id\":2,\"method\":\"echo\"}"));
        channel.writeInbound(text("{\"id\":3,\"method\":\"echo\"}"));

        JsonNode refused = readJson(channel);
        assertThat(refused.get("id").asLong()).isEqualTo(3);
        assertThat(refused.get("error").get("code").asText()).isEqualTo("FLOOD_WAIT");
        assertThat(refused.get("error").get("retryAfter").asInt()).isEqualTo(1);

        assertThat(drainers).hasSize(1);
        drainers.getFirst().run();
        assertThat(readJson(channel).get("id").asLong()).isEqualTo(1);
        assertThat(readJson(channel).get("id").asLong()).isEqualTo(2);
        assertFalse(channel.finish());
    }

    @Test
    void pushIsDeliveredAsUpdateFrame() throws IOException {
        EmbeddedChannel channel = channel();
        channel.writeInbound(text("{\"id\":1,\"method\":\"auth.resume\"}"));
        readJson(channel);
        UpdateSink sink = rpc.sinks.getFirst();
        assertThat(sink.userId()).isEqualTo(42);

        sink.push(new Update.Typing(5, 6));

        JsonNode update = readJson(channel).get("update");
        assertThat(update.get("type").asText()).isEqualTo("typing");
        assertThat(update.get("chatId").asLong()).isEqualTo(5);
        assertThat(count("ferry.pushes.sent")).isEqualTo(1);
        assertFalse(channel.finish());
    }

    @Test
    void unwritableChannelDropsPushesButNotReplies() throws IOException {
        EmbeddedChannel channel = channel();
        channel.writeInbound(text("{\"id\":1,\"method\":\"auth.resume\"}"));
        readJson(channel);
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        channel.write(Unpooled.wrappedBuffer(new byte[64]));
        assertThat(channel.isWritable()).isFalse();

        rpc.sinks.getFirst().push(new Update.Typing(5, 6));
        channel.writeInbound(text("{\"id\":2,\"method\":\"echo\"}"));
        channel.flush();

        ByteBuf backlog = channel.readOutbound();
        backlog.release();
        assertThat(readJson(channel).get("id").asLong()).as("the reply, and no update").isEqualTo(2);
        assertThat(count("ferry.pushes.dropped")).isEqualTo(1);
        assertThat(count("ferry.pushes.sent")).isZero();
        assertFalse(channel.finish());
    }

    @Test
    void replyBeyondHardCapClosesTheConnection() {
        EmbeddedChannel channel = channel(Runnable::run, 256, 32);
        channel.write(Unpooled.wrappedBuffer(new byte[64]));

        channel.writeInbound(text("{\"id\":1,\"method\":\"echo\"}"));

        assertThat(channel.isOpen()).isFalse();
        assertThat(count("ferry.slow.consumer.disconnects")).isEqualTo(1);
        assertFalse(channel.finish());
    }

    @Test
    void terminatedSessionIsToldAndClosed() throws IOException {
        EmbeddedChannel channel = channel();
        channel.writeInbound(text("{\"id\":1,\"method\":\"auth.resume\"}"));
        readJson(channel);

        rpc.sinks.getFirst().close(ErrorCode.SESSION_REVOKED);

        assertThat(readJson(channel).get("error").get("code").asText()).isEqualTo("SESSION_REVOKED");
        CloseWebSocketFrame close = channel.readOutbound();
        assertThat(close.statusCode()).isEqualTo(ChannelUpdateSink.CLOSE_SESSION_ENDED);
        assertThat(close.reasonText()).isEqualTo("SESSION_REVOKED");
        close.release();
        assertThat(channel.isOpen()).isFalse();
        assertThat(rpc.closed.get()).isEqualTo(1);
        assertFalse(channel.finish());
    }

    @Test
    void closeIsReportedOnce() {
        EmbeddedChannel channel = channel();
        channel.close();
        assertFalse(channel.finish());
        assertThat(rpc.closed.get()).isEqualTo(1);
    }

    @Test
    void slowConsumerIsDisconnectedAfterTimeout() {
        FrameWriter writer = new FrameWriter(metrics, 1 << 20);
        EmbeddedChannel channel = new EmbeddedChannel(new SlowConsumerHandler(writer, TimeUnit.SECONDS.toNanos(5)));
        channel.freezeTime();
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        channel.write(Unpooled.wrappedBuffer(new byte[64]));
        assertThat(channel.config().isAutoRead()).as("reading pauses").isFalse();

        channel.advanceTimeBy(6, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();

        assertThat(channel.isOpen()).isFalse();
        assertThat(count("ferry.slow.consumer.disconnects")).isEqualTo(1);
        assertFalse(channel.finish());
    }

    @Test
    void consumerThatCatchesUpStaysConnected() {
        FrameWriter writer = new FrameWriter(metrics, 1 << 20);
        EmbeddedChannel channel = new EmbeddedChannel(new SlowConsumerHandler(writer, TimeUnit.SECONDS.toNanos(5)));
        channel.freezeTime();
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        channel.write(Unpooled.wrappedBuffer(new byte[64]));
        channel.flush();
        ((ByteBuf) channel.readOutbound()).release();
        assertThat(channel.config().isAutoRead()).as("reading resumes").isTrue();

        channel.advanceTimeBy(6, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();

        assertThat(channel.isOpen()).isTrue();
        assertThat(count("ferry.slow.consumer.disconnects")).isZero();
        assertFalse(channel.finish());
    }
}
