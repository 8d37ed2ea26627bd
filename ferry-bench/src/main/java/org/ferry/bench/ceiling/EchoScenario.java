package org.ferry.bench.ceiling;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.ferry.bench.client.RpcError;
import org.ferry.bench.client.WsConnection;
import org.ferry.bench.load.Counter;
import org.ferry.bench.load.InFlight;
import org.ferry.bench.load.Latency;
import org.ferry.bench.load.OpenLoop;
import org.ferry.bench.load.Warmup;
import org.ferry.bench.report.PhaseSummary;
import org.ferry.bench.scenario.Context;
import org.ferry.bench.scenario.Scenario;
import org.ferry.bench.server.ServerProbe;

/**
 * {@code echo}: the network ceiling. The same client and open-loop generator as the Ferry scenarios drive
 * {@link EchoServer} over {@code --connections} connections at {@code --rate} frames per second, each frame the
 * size of a {@code messages.send}. With {@code --rate=0} it instead holds the connections idle and reports the
 * echo server's RSS per connection: the floor under Ferry's memory per session.
 */
public final class EchoScenario implements Scenario {
    @Override
    public Map<String, Object> run(Context ctx) throws Exception {
        int connections = ctx.options().integer("connections", 200);
        double rate = ctx.options().number("rate", 20_000);
        Duration warmup = ctx.options().duration("warmup", Duration.ofSeconds(10));
        Duration duration = ctx.options().duration("duration", Duration.ofSeconds(15));
        var m = ctx.metrics();
        Map<String, Object> results = new LinkedHashMap<>();

        ServerProbe.Memory before = null;
        if (rate <= 0) {
            ServerProbe.gc(ctx.target());
            before = ServerProbe.memory(ctx.target());
        }
        List<WsConnection> conns = org.ferry.bench.scenario.Connections.open(ctx, connections, 0);
        results.put("connections", conns.size());
        results.put("sourceAddresses", conns.stream().map(c -> c.localAddress().getAddress()).distinct().count());
        if (rate <= 0) {
            ctx.timeline().phase("hold");
            Thread.sleep(Math.max(1_000, duration.toMillis() / 3));
            ServerProbe.gc(ctx.target());
            ServerProbe.Memory after = ServerProbe.memory(ctx.target());
            results.put("rssBefore", before.rss());
            results.put("rssAfter", after.rss());
            if (!conns.isEmpty() && before.rss() > 0) {
                results.put("rssBytesPerConnection", (after.rss() - before.rss()) / conns.size());
            }
            conns.forEach(WsConnection::close);
            return results;
        }

        InFlight inFlight = new InFlight(ctx.options().integer("max-inflight", 50_000));
        Latency echo = m.latency("echo");
        Counter sent = m.counter("sent");
        Counter echoed = m.counter("echoed");
        Counter skipped = m.counter("skipped");
        AtomicLong next = new AtomicLong();
        String padding = "x".repeat(40);
        java.util.function.LongConsumer send = intended -> {
            if (!inFlight.tryStart()) {
                skipped.increment();
                return;
            }
            sent.increment();
            WsConnection c = conns.get((int) (next.getAndIncrement() % conns.size()));
            c.callForAck("messages.send", "{\"chatId\":1234567890123,\"text\":\"b" + intended + padding
                    + "\",\"randomId\":1234567890123456789}").whenComplete((r, failure) -> {
                        if (failure == null) {
                            echo.since(intended);
                            echoed.increment();
                        } else {
                            m.error("echo", RpcError.codeOf(failure));
                        }
                        inFlight.done();
                    });
        };
        ctx.timeline().phase("warmup");
        Warmup.run(rate, warmup, inFlight, send);
        ctx.timeline().phase("run");
        OpenLoop.run(rate, duration, () -> false, send);
        ctx.timeline().phase("drain");
        inFlight.awaitDrained(Duration.ofSeconds(10));
        conns.forEach(WsConnection::close);

        PhaseSummary run = PhaseSummary.of(ctx.timeline().seconds()).stream()
                .filter(p -> p.phase().equals("run")).findFirst().orElseThrow();
        results.put("offeredPerSecond", rate);
        results.put("echoedPerSecond", run.ratesPerSecond().getOrDefault("echoed", 0.0));
        results.put("skipped", m.total("skipped"));
        var l = run.latencies().get("echo");
        if (l != null) {
            results.put("echoP50Ms", l.p50());
            results.put("echoP99Ms", l.p99());
        }
        results.values().removeIf(Objects::isNull);
        return results;
    }
}
