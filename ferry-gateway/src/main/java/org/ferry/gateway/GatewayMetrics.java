package org.ferry.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.ferry.protocol.ErrorCode;

/**
 * The gateway's meters: open connections, requests by method and outcome, request latency, pushes and
 * slow-consumer disconnects. Method names come from clients, so they are only used as tags once they look like
 * a method and while fewer than {@value #MAX_METHOD_TAGS} are known; anything else is tagged "other", and
 * calls the handler rejected as METHOD_INVALID are tagged "unknown". Thread-safe.
 */
public final class GatewayMetrics {
    static final int MAX_METHOD_TAGS = 256;
    private static final Pattern METHOD = Pattern.compile("[a-z][A-Za-z0-9]{0,31}(\\.[A-Za-z0-9]{1,48})?");

    private final MeterRegistry registry;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger webSockets = new AtomicInteger();
    private final Counter pushesSent;
    private final Counter pushesDropped;
    private final Counter slowConsumers;
    private final Counter oversizeFrames;
    private final ConcurrentHashMap<String, Counter> requests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> latencies = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Boolean> methodTags = new ConcurrentHashMap<>();

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("ferry.connections.open", connections, AtomicInteger::get)
                .description("Open TCP connections on the data port").register(registry);
        Gauge.builder("ferry.websockets.open", webSockets, AtomicInteger::get)
                .description("Open WebSocket connections").register(registry);
        pushesSent = Counter.builder("ferry.pushes.sent").description("Updates written to connections").register(registry);
        pushesDropped = Counter.builder("ferry.pushes.dropped")
                .description("Updates dropped because the connection was over its outbound high-water mark")
                .register(registry);
        slowConsumers = Counter.builder("ferry.slow.consumer.disconnects")
                .description("Connections closed because they did not read their outbound data").register(registry);
        oversizeFrames = Counter.builder("ferry.frames.oversize")
                .description("Connections closed for sending a frame over the size limit").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    void connectionOpened() {
        connections.incrementAndGet();
    }

    void connectionClosed() {
        connections.decrementAndGet();
    }

    void webSocketOpened() {
        webSockets.incrementAndGet();
    }

    void webSocketClosed() {
        webSockets.decrementAndGet();
    }

    void pushSent() {
        pushesSent.increment();
    }

    void pushDropped() {
        pushesDropped.increment();
    }

    void slowConsumerDisconnected() {
        slowConsumers.increment();
    }

    void oversizeFrame() {
        oversizeFrames.increment();
    }

    /** Counts a frame rejected before it named a method (malformed, binary, or over the queue bound). */
    void rejected(ErrorCode error) {
        requests.computeIfAbsent("none " + error.name(), k -> Counter.builder("ferry.requests")
                .description("Requests by method and outcome (ok or the error code)")
                .tag("method", "none").tag("outcome", error.name()).register(registry)).increment();
    }

    /** Counts one request; {@code error} is null for a result. */
    void request(String method, ErrorCode error, long nanos) {
        String tag = error == ErrorCode.METHOD_INVALID ? "unknown" : methodTag(method);
        String outcome = error == null ? "ok" : error.name();
        requests.computeIfAbsent(tag + ' ' + outcome, k -> Counter.builder("ferry.requests")
                .description("Requests by method and outcome (ok or the error code)")
                .tag("method", tag).tag("outcome", outcome).register(registry)).increment();
        latencies.computeIfAbsent(tag, k -> Timer.builder("ferry.request.latency")
                .description("Time from dequeuing a request to having its reply")
                .tag("method", tag)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    private String methodTag(String method) {
        if (method == null) {
            return "other";
        }
        if (methodTags.containsKey(method)) {
            return method; // matched the pattern when it was added: no regex per request
        }
        if (methodTags.size() >= MAX_METHOD_TAGS || !METHOD.matcher(method).matches()) {
            return "other";
        }
        methodTags.putIfAbsent(method, Boolean.TRUE);
        return method;
    }
}
