package org.ferry.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import java.io.IOException;
import java.util.concurrent.Executor;

/**
 * Builds the pipeline of every data-port connection, and holds what all of them share. The pipeline is
 * <pre>
 *   HttpServerCodec -> HttpObjectAggregator(64 KiB) -> SlowConsumerHandler -> HttpRouterHandler
 * </pre>
 * and, after {@code GET /ws}, becomes
 * <pre>
 *   WebSocket decoder/encoder -> SlowConsumerHandler -> UTF-8 validator -> WebSocketServerProtocolHandler
 *     -> WebSocketFrameAggregator(64 KiB) -> WebSocketFrameHandler
 * </pre>
 * Shareable and thread-safe.
 */
final class DataChannelInitializer extends ChannelInitializer<SocketChannel> {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DataChannelInitializer.class);

    private final GatewayConfig config;
    private final Dispatcher dispatcher;
    private final FrameWriter writer;
    private final HttpApi api;
    private final StaticFiles files;
    private final ChannelGroup channels;
    private final Executor drainers;
    private final WebSocketServerProtocolConfig webSocketConfig;

    DataChannelInitializer(GatewayConfig config, Dispatcher dispatcher, FrameWriter writer, StaticFiles files,
                           ChannelGroup channels, Executor drainers) {
        this.config = config;
        this.dispatcher = dispatcher;
        this.writer = writer;
        this.api = new HttpApi(dispatcher, writer.metrics());
        this.files = files;
        this.channels = channels;
        this.drainers = drainers;
        // The decoder does not close on a violation by itself: WebSocketFrameHandler first tells the client why.
        this.webSocketConfig = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(HttpRouterHandler.WEBSOCKET_PATH)
                .decoderConfig(WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(config.maxFrameBytes())
                        .closeOnProtocolViolation(false)
                        .build())
                .build();
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        channels.add(channel);
        writer.metrics().connectionOpened();
        channel.closeFuture().addListener(f -> writer.metrics().connectionClosed());
        SerialQueue queue = new SerialQueue(drainers, config.maxQueuedRequests(), config.maxQueuedBytes());
        channel.pipeline()
                .addLast("http-codec", new HttpServerCodec())
                .addLast("http-aggregator", new HttpObjectAggregator(config.maxFrameBytes()))
                .addLast("slow-consumer", new SlowConsumerHandler(writer, config.slowConsumerTimeout().toNanos()))
                .addLast("http-router", new HttpRouterHandler(this, queue));
    }

    void connectionFailed(Channel channel, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("connection from {} failed: {}", channel.remoteAddress(), cause.toString());
        } else {
            log.warn("closing the connection from {} after an unexpected error", channel.remoteAddress(), cause);
        }
        channel.close();
    }

    GatewayConfig config() {
        return config;
    }

    WebSocketServerProtocolConfig webSocketConfig() {
        return webSocketConfig;
    }

    Dispatcher dispatcher() {
        return dispatcher;
    }

    FrameWriter writer() {
        return writer;
    }

    HttpApi api() {
        return api;
    }

    StaticFiles files() {
        return files;
    }
}
