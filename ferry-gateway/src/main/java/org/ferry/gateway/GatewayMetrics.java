package org.ferry.gateway;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.ferry.protocol.ErrorCode;

/**
 * The gateway's meters: open connections, requests by method and outcome, request latency, pushes and
 * slow-consumer disconnects. Method names come from clients, so they are only used as tags once they look like
 * a method and while fewer than {@value #MAX_METHOD_TAGS} tags are known; anything else is tagged "other", and
 * calls the handler rejected as METHOD_INVALID are tagged "unknown". Thread-safe.
 *
 * <p>Counters are {@link AtomicLong}s that the registry reads ({@link FunctionCounter}): Micrometer's own
 * counters add to a {@code DoubleAdder}, whose first contended add is a branch the JIT has not compiled, and
 * that trap threw away the compiled push and request paths in the middle of measured runs (docs/benchmarks.md,
 * eleventh session). A request that succeeds costs one map lookup by its method name, one add and the timer.
 */
public final class GatewayMetrics {
    static final int MAX_METHOD_TAGS = 256;
    private static final Pattern METHOD = Pattern.compile("[a-z][A-Za-z0-9]{0,31}(\\.[A-Za-z0-9]{1,48})?");
    private static final String REQUESTS = "ferry.requests";
    private static final String REQUESTS_DESCRIPTION = "Requests by method and outcome (ok or the error code)";

    private final MeterRegistry registry;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger webSockets = new AtomicInteger();
    private final AtomicLong pushesSent;
    private final AtomicLong pushesDropped;
    private final AtomicLong slowConsumers;
    private final AtomicLong oversizeFrames;
    /** By method tag (a method's name, "other" or "unknown"). */
    private final ConcurrentHashMap<String, MethodMeters> methods = new ConcurrentHashMap<>();
    /** Frames rejected before they named a method, by error. */
    private final ConcurrentHashMap<ErrorCode, AtomicLong> rejected = new ConcurrentHashMap<>();

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("ferry.connections.open", connections, AtomicInteger::get)
                .description("Open TCP connections on the data port").register(registry);
        Gauge.builder("ferry.websockets.open", webSockets, AtomicInteger::get)
                .description("Open WebSocket connections").register(registry);
        pushesSent = counter("ferry.pushes.sent", "Updates written to connections");
        pushesDropped = counter("ferry.pushes.dropped",
                "Updates dropped because the connection was over its outbound high-water mark");
        slowConsumers = counter("ferry.slow.consumer.disconnects",
                "Connections closed because they did not read their outbound data");
        oversizeFrames = counter("ferry.frames.oversize", "Connections closed for sending a frame over the size limit");
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
        pushesSent.incrementAndGet();
    }

    void pushDropped() {
        pushesDropped.incrementAndGet();
    }

    void slowConsumerDisconnected() {
        slowConsumers.incrementAndGet();
    }

    void oversizeFrame() {
        oversizeFrames.incrementAndGet();
    }

    /** Counts a frame rejected before it named a method (malformed, binary, or over the queue bound). */
    void rejected(ErrorCode error) {
        rejected.computeIfAbsent(error,
                e -> counter(REQUESTS, REQUESTS_DESCRIPTION, "method", "none", "outcome", e.name())).incrementAndGet();
    }

    /** Counts one request; {@code error} is null for a result. */
    void request(String method, ErrorCode error, long nanos) {
        MethodMeters meters = meters(error == ErrorCode.METHOD_INVALID ? null : method, error);
        (error == null ? meters.ok : meters.failed(error)).incrementAndGet();
        meters.latency.record(nanos, TimeUnit.NANOSECONDS);
    }

    private MethodMeters meters(String method, ErrorCode error) {
        if (method != null) {
            MethodMeters known = methods.get(method); // matched the pattern when it was added: no regex per request
            if (known != null) {
                return known;
            }
        }
        String tag;
        if (error == ErrorCode.METHOD_INVALID) {
            tag = "unknown";
        } else if (method == null || methods.size() >= MAX_METHOD_TAGS || !METHOD.matcher(method).matches()) {
            tag = "other";
        } else {
            tag = method;
        }
        return methods.computeIfAbsent(tag, MethodMeters::new);
    }

    private AtomicLong counter(String name, String description, String... tags) {
        AtomicLong count = new AtomicLong();
        FunctionCounter.builder(name, count, AtomicLong::get).description(description).tags(tags).register(registry);
        return count;
    }

    /** One method tag's meters: its requests by outcome and its latency. */
    private final class MethodMeters {
        private final String tag;
        private final AtomicLong ok;
        private final Timer latency;
        private final ConcurrentHashMap<ErrorCode, AtomicLong> failed = new ConcurrentHashMap<>();

        MethodMeters(String tag) {
            this.tag = tag;
            this.ok = counter(REQUESTS, REQUESTS_DESCRIPTION, "method", tag, "outcome", "ok");
            this.latency = Timer.builder("ferry.request.latency")
                    .description("Time from dequeuing a request to having its reply")
                    .tag("method", tag)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(10))
                    .register(registry);
        }

        AtomicLong failed(ErrorCode error) {
            return failed.computeIfAbsent(error,
                    e -> counter(REQUESTS, REQUESTS_DESCRIPTION, "method", tag, "outcome", e.name()));
        }
    }
}
