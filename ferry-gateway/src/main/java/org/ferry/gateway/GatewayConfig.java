package org.ferry.gateway;

import java.time.Duration;

/**
 * Settings of the network edge, validated on construction: where the two ports listen and the per-connection
 * bounds that keep memory finite under load. The server builds it from its configuration; tests use
 * {@link #defaults()} with port 0.
 *
 * @param host data-port address (WebSocket, HTTP API, static web)
 * @param port data port; 0 picks a free one
 * @param adminHost admin-port address (metrics, health); loopback by default so it is not public
 * @param adminPort admin port; 0 picks a free one
 * @param ioThreads event-loop threads of the data port; 0 lets Netty choose (2 x cores)
 * @param maxFrameBytes largest WebSocket message and HTTP body accepted
 * @param maxQueuedRequests requests of one connection waiting to run; beyond it the request gets FLOOD_WAIT
 * @param maxQueuedBytes bytes of requests of one connection waiting to run; beyond it FLOOD_WAIT as well
 * @param writeLowWaterMark outbound bytes below which a connection is writable again
 * @param writeHighWaterMark outbound bytes above which a connection is unwritable: pushes are dropped and reading pauses
 * @param outboundHardCap outbound bytes above which a connection is closed rather than given another reply
 * @param slowConsumerTimeout how long a connection may stay unwritable before it is closed
 */
public record GatewayConfig(String host, int port, String adminHost, int adminPort, int ioThreads,
                            int maxFrameBytes, int maxQueuedRequests, int maxQueuedBytes,
                            int writeLowWaterMark, int writeHighWaterMark, long outboundHardCap,
                            Duration slowConsumerTimeout) {

    public GatewayConfig {
        checkPort("port", port);
        checkPort("adminPort", adminPort);
        if (ioThreads < 0) {
            throw new IllegalArgumentException("ioThreads must be >= 0, was " + ioThreads);
        }
        if (maxFrameBytes < 1024 || maxQueuedRequests < 1 || maxQueuedBytes < maxFrameBytes) {
            throw new IllegalArgumentException("frame and queue limits must be positive, and a queue must hold one frame");
        }
        if (writeLowWaterMark < 1 || writeHighWaterMark <= writeLowWaterMark || outboundHardCap <= writeHighWaterMark) {
            throw new IllegalArgumentException("need 0 < writeLowWaterMark < writeHighWaterMark < outboundHardCap");
        }
        if (slowConsumerTimeout.isNegative() || slowConsumerTimeout.isZero()) {
            throw new IllegalArgumentException("slowConsumerTimeout must be positive");
        }
    }

    private static void checkPort(String name, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(name + " must be 0-65535, was " + port);
        }
    }

    public static GatewayConfig defaults() {
        return new GatewayConfig("127.0.0.1", 8080, "127.0.0.1", 8090, 0,
                64 * 1024, 256, 1024 * 1024,
                256 * 1024, 1024 * 1024, 4L * 1024 * 1024,
                Duration.ofSeconds(5));
    }

    public GatewayConfig withData(String newHost, int newPort) {
        return new GatewayConfig(newHost, newPort, adminHost, adminPort, ioThreads, maxFrameBytes, maxQueuedRequests,
                maxQueuedBytes, writeLowWaterMark, writeHighWaterMark, outboundHardCap, slowConsumerTimeout);
    }

    public GatewayConfig withAdmin(String newHost, int newPort) {
        return new GatewayConfig(host, port, newHost, newPort, ioThreads, maxFrameBytes, maxQueuedRequests,
                maxQueuedBytes, writeLowWaterMark, writeHighWaterMark, outboundHardCap, slowConsumerTimeout);
    }

    public GatewayConfig withIoThreads(int threads) {
        return new GatewayConfig(host, port, adminHost, adminPort, threads, maxFrameBytes, maxQueuedRequests,
                maxQueuedBytes, writeLowWaterMark, writeHighWaterMark, outboundHardCap, slowConsumerTimeout);
    }

    public GatewayConfig withQueueLimits(int requests, int bytes) {
        return new GatewayConfig(host, port, adminHost, adminPort, ioThreads, maxFrameBytes, requests,
                bytes, writeLowWaterMark, writeHighWaterMark, outboundHardCap, slowConsumerTimeout);
    }

    public GatewayConfig withOutbound(int low, int high, long hardCap, Duration timeout) {
        return new GatewayConfig(host, port, adminHost, adminPort, ioThreads, maxFrameBytes, maxQueuedRequests,
                maxQueuedBytes, low, high, hardCap, timeout);
    }
}
