package org.ferry.bench.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ferry.core.limit.ThreadPriority;

/**
 * The load generator's WebSocket client: one Netty event-loop group ({@link ClientTransport}) shared by every
 * connection of a run. Its pipeline is
 * <pre>
 *   HttpClientCodec -> HttpObjectAggregator -> WebSocketClientProtocolHandler -> WebSocketFrameAggregator
 *     -> WsConnection
 * </pre>
 * Beyond what one source address can hold (the kernel's ephemeral port range, ~28k on loopback) connections are
 * spread over 127.0.0.2, 127.0.0.3, ... Thread-safe.
 */
public final class WsClient implements AutoCloseable {
    /** Connections per source address before moving to the next one (below the ~28k ephemeral ports). */
    public static final int CONNECTIONS_PER_SOURCE = 25_000;
    private static final int MAX_FRAME = 1 << 20;

    private final URI uri;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final ClientTransport transport;
    private final int perSource;

    /**
     * @param transport its sockets ({@link ClientTransport})
     * @param perSource connections per source address before the next 127.x address is used
     * @param threadName the event-loop threads' name prefix
     */
    public WsClient(URI uri, ClientTransport transport, int ioThreads, int perSource, String threadName) {
        this.uri = uri;
        this.perSource = perSource;
        this.transport = transport;
        this.group = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory(threadName, true),
                transport.ioHandlers().get());
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(transport.channel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new HttpClientCodec())
                                .addLast(new HttpObjectAggregator(64 * 1024))
                                .addLast(new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                                        .webSocketUri(uri)
                                        .maxFramePayloadLength(MAX_FRAME)
                                        .handshakeTimeoutMillis(15_000)
                                        // The JSON parser reads what the bench uses; a second pass over every
                                        // byte to check the server's UTF-8 is not the bench's job.
                                        .withUTF8Validator(false)
                                        .build()))
                                .addLast(new WebSocketFrameAggregator(MAX_FRAME))
                                .addLast(new WsConnection(ch));
                    }
                });
    }

    /**
     * Lowers the scheduling priority of every event-loop thread of this client (see {@link ThreadPriority}).
     * @return how many were lowered
     */
    public int lowerPriority(int niceness) {
        int lowered = 0;
        for (var loop : group) {
            if (loop.submit(() -> ThreadPriority.lowerCurrentThread(niceness)).syncUninterruptibly().getNow()) {
                lowered++;
            }
        }
        return lowered;
    }

    public ClientTransport transport() {
        return transport;
    }

    /** The source address of the {@code index}-th connection of a run: loopback's default, then 127.0.0.2, ... */
    InetAddress sourceFor(int index) {
        int slot = index / perSource;
        if (slot == 0) {
            return null;
        }
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, (byte) (slot / 250), (byte) (1 + slot % 250)});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Opens a connection and completes once the WebSocket handshake is done. */
    public CompletableFuture<WsConnection> connect(int index) {
        CompletableFuture<WsConnection> result = new CompletableFuture<>();
        InetSocketAddress remote = new InetSocketAddress(uri.getHost(), uri.getPort());
        InetAddress source = uri.getHost().startsWith("127.") ? sourceFor(index) : null;
        ChannelFuture connect = source == null ? bootstrap.connect(remote)
                : bootstrap.connect(remote, new InetSocketAddress(source, 0));
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(f.cause());
                return;
            }
            Channel channel = connect.channel();
            channel.pipeline().get(WsConnection.class).handshake().whenComplete((c, e) -> {
                if (e != null) {
                    channel.close();
                    result.completeExceptionally(e);
                } else {
                    result.complete(c);
                }
            });
        });
        return result;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
