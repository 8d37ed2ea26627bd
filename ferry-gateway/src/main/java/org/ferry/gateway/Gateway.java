package org.ferry.gateway;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.ferry.core.rpc.RpcHandler;

/**
 * The network edge of one node: the data port (WebSocket {@code /ws}, {@code POST /api/{method}}, static web) and
 * the admin port (metrics, health, readiness), each on its own event-loop group so operators can reach a node
 * whose data port is overloaded. Requests run on virtual threads (see {@link SerialQueue}); event loops never
 * block. Start with {@link #start}; stop with {@link #stopAccepting()} then {@link #close()}. Thread-safe.
 */
public final class Gateway implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Gateway.class);

    private final EventLoopGroup dataGroup;
    private final EventLoopGroup adminGroup;
    private final ChannelGroup connections;
    private final Channel dataChannel;
    private final Channel adminChannel;
    private final JvmGcMetrics gcMetrics;
    private final Keepalive keepalive;
    private volatile boolean accepting = true;

    private Gateway(EventLoopGroup dataGroup, EventLoopGroup adminGroup, ChannelGroup connections,
                    Channel dataChannel, Channel adminChannel, JvmGcMetrics gcMetrics, Keepalive keepalive) {
        this.dataGroup = dataGroup;
        this.adminGroup = adminGroup;
        this.connections = connections;
        this.dataChannel = dataChannel;
        this.adminChannel = adminChannel;
        this.gcMetrics = gcMetrics;
        this.keepalive = keepalive;
    }

    /**
     * Binds both ports and starts serving.
     *
     * @param backendReady whether the layers behind the gateway can serve (the store is open); part of /ready
     */
    public static Gateway start(GatewayConfig config, RpcHandler rpc, PrometheusMeterRegistry registry,
                                BooleanSupplier backendReady) throws InterruptedException {
        return start(config, rpc, registry, backendReady, SerialQueue.VIRTUAL_THREADS);
    }

    static Gateway start(GatewayConfig config, RpcHandler rpc, PrometheusMeterRegistry registry,
                         BooleanSupplier backendReady, Executor drainers) throws InterruptedException {
        Transport transport = Transport.best();
        if (!transport.name().equals("epoll")) {
            log.info("using the NIO transport ({})", Epoll.isAvailable() ? "by request"
                    : "native epoll unavailable: " + Epoll.unavailabilityCause());
        }
        GatewayMetrics metrics = new GatewayMetrics(registry);
        JvmGcMetrics gcMetrics = bindJvmMetrics(registry);
        FrameWriter writer = new FrameWriter(metrics, config.outboundHardCap());
        Dispatcher dispatcher = new Dispatcher(rpc, metrics);
        ChannelGroup connections = new DefaultChannelGroup("ferry-data", GlobalEventExecutor.INSTANCE);
        DataChannelInitializer data = new DataChannelInitializer(config, dispatcher, writer,
                new StaticFiles(Gateway.class.getClassLoader(), "web"), connections, drainers);

        EventLoopGroup dataGroup = new MultiThreadIoEventLoopGroup(config.ioThreads(),
                new DefaultThreadFactory("ferry-io"), transport.ioHandlerFactory());
        EventLoopGroup adminGroup = new MultiThreadIoEventLoopGroup(1,
                new DefaultThreadFactory("ferry-admin"), transport.ioHandlerFactory());
        Gateway[] self = new Gateway[1];
        try {
            Channel dataChannel = new ServerBootstrap()
                    .group(dataGroup)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                            new WriteBufferWaterMark(config.writeLowWaterMark(), config.writeHighWaterMark()))
                    .childHandler(data)
                    .bind(config.host(), config.port()).sync().channel();
            BooleanSupplier ready = () -> self[0] != null && self[0].accepting && self[0].dataChannel.isActive()
                    && backendReady.getAsBoolean();
            Channel adminChannel = new ServerBootstrap()
                    .group(adminGroup)
                    .channel(transport.serverChannel())
                    .childHandler(new AdminInitializer(new AdminHandler(registry, ready)))
                    .bind(config.adminHost(), config.adminPort()).sync().channel();
            Keepalive keepalive = new Keepalive(connections, adminGroup.next(), Keepalive.INTERVAL,
                    Keepalive.IDLE_TIMEOUT);
            self[0] = new Gateway(dataGroup, adminGroup, connections, dataChannel, adminChannel, gcMetrics, keepalive);
            log.info("serving clients on {} and admin on {} ({})", dataChannel.localAddress(),
                    adminChannel.localAddress(), transport.name());
            return self[0];
        } catch (InterruptedException | RuntimeException e) {
            dataGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            adminGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            gcMetrics.close();
            throw e;
        }
    }

    private static JvmGcMetrics bindJvmMetrics(PrometheusMeterRegistry registry) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmCompilationMetrics().bindTo(registry); // the JIT's time: how far a restarted node is from warm
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return gc;
    }

    public InetSocketAddress dataAddress() {
        return (InetSocketAddress) dataChannel.localAddress();
    }

    public InetSocketAddress adminAddress() {
        return (InetSocketAddress) adminChannel.localAddress();
    }

    /** True while the data port accepts connections and the backend is ready: what {@code /ready} reports. */
    public boolean accepting() {
        return accepting && dataChannel.isActive();
    }

    /** Unbinds the data port and reports not-ready; open connections keep being served until {@link #close()}. */
    public void stopAccepting() {
        accepting = false;
        dataChannel.close().awaitUninterruptibly();
    }

    /** Closes every client connection (WebSockets get 1001 "going away"), then the admin port and the event loops. */
    @Override
    public void close() {
        stopAccepting();
        keepalive.close();
        for (Channel channel : connections) {
            if (channel.pipeline().get(WebSocketFrameHandler.class) != null) {
                channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE,
                        "server shutting down"));
            }
        }
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        adminChannel.close().awaitUninterruptibly();
        dataGroup.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
        adminGroup.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
        gcMetrics.close();
    }

    /** The admin port's pipeline: HTTP codec, a small aggregator (admin requests have no bodies), the handler. */
    private static final class AdminInitializer extends ChannelInitializer<SocketChannel> {
        private final AdminHandler handler;

        AdminInitializer(AdminHandler handler) {
            this.handler = handler;
        }

        @Override
        protected void initChannel(SocketChannel channel) {
            channel.pipeline()
                    .addLast(new HttpServerCodec())
                    .addLast(new HttpObjectAggregator(4096))
                    .addLast(handler);
        }
    }
}
