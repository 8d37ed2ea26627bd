package org.ferry.bench.ceiling;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The network ceiling: a bare Netty WebSocket server on {@code /ws} that sends every text frame back unchanged,
 * with the same transport, codec and event-loop count as Ferry's gateway but no parsing, no store, no threads
 * besides the event loops. Frames that name recipients are also pushed to them, shaped like Ferry's newMessage
 * pushes ({@link EchoHandler}): the chat's frames without its work. What the load generator achieves against it is
 * the most Ferry could achieve on this machine with this client. Thread-safe.
 */
public final class EchoServer implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel server;

    private EchoServer(EventLoopGroup group, Channel server) {
        this.group = group;
        this.server = server;
    }

    public static EchoServer start(int port, int ioThreads) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory("echo-io"),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        EchoHandler echo = new EchoHandler();
        Channel server = new ServerBootstrap()
                .group(group)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpObjectAggregator(64 * 1024))
                                .addLast(new WebSocketServerProtocolHandler("/ws", null, false, 64 * 1024))
                                .addLast(echo);
                    }
                })
                .bind("127.0.0.1", port).sync().channel();
        return new EchoServer(group, server);
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    /** Child-JVM entry: {@code [port [ioThreads]]}; prints {@code READY <port> 0}; stops on stdin EOF. */
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, "UTF-8");
        EchoServer server = start(args.length > 0 ? Integer.parseInt(args[0]) : 0,
                args.length > 1 ? Integer.parseInt(args[1]) : 0);
        out.println("READY " + server.port() + " 0");
        while (System.in.read() >= 0) {
            // ignore
        }
        server.close();
        System.exit(0);
    }
}
