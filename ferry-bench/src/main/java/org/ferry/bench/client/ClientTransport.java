package org.ferry.bench.client;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringSocketChannel;
import java.util.function.Supplier;

/**
 * The load generator's sockets ({@code --client-transport}). By default io_uring where the kernel allows it, else
 * epoll, else Java NIO. The generator shares the machine with the server it measures, so what its sockets cost
 * is taken from the server and its delays are added to every latency it reports: on this machine io_uring took
 * ~10 % less of the generator's CPU than epoll for the same chat load (less in 6 of 6 alternated pairs at 10,000
 * msgs/s), and chat's delivery p99 was lower in 5 of the 6 (docs/benchmarks.md, seventh session). The server
 * keeps its own transport (epoll), where io_uring measured no better. Immutable.
 */
public record ClientTransport(String name, Supplier<IoHandlerFactory> ioHandlers,
                              Class<? extends SocketChannel> channel) {
    public static final String AUTO = "auto";

    /** {@code auto}, {@code io_uring}, {@code epoll} or {@code nio}; a named one that cannot load is an error. */
    public static ClientTransport named(String name) {
        return switch (name) {
            case AUTO -> IoUring.isAvailable() ? ioUring() : Epoll.isAvailable() ? epoll() : nio();
            case "io_uring" -> {
                IoUring.ensureAvailability();
                yield ioUring();
            }
            case "epoll" -> {
                Epoll.ensureAvailability();
                yield epoll();
            }
            case "nio" -> nio();
            default -> throw new IllegalArgumentException(
                    "--client-transport must be auto, io_uring, epoll or nio, not " + name);
        };
    }

    private static ClientTransport ioUring() {
        return new ClientTransport("io_uring", IoUringIoHandler::newFactory, IoUringSocketChannel.class);
    }

    private static ClientTransport epoll() {
        return new ClientTransport("epoll", EpollIoHandler::newFactory, EpollSocketChannel.class);
    }

    private static ClientTransport nio() {
        return new ClientTransport("nio", NioIoHandler::newFactory, NioSocketChannel.class);
    }
}
