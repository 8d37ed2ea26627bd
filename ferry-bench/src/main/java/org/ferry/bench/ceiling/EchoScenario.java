package org.ferry.bench.ceiling;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ferry.bench.client.WsConnection;
import org.ferry.bench.load.InFlight;
import org.ferry.bench.load.OpenLoop;
import org.ferry.bench.load.Warmup;
import org.ferry.bench.report.PhaseSummary;
import org.ferry.bench.scenario.Context;
import org.ferry.bench.scenario.Scenario;
import org.ferry.bench.server.ServerProbe;

/**
 * {@code echo}: the network ceiling. The same client and open-loop generator as the Ferry scenarios drive
 * {@link EchoServer} over {@code --connections} connections at {@code --rate} frames per second, each frame the
 * size of a {@code messages.send}. With {@code --fanout=chat} each frame is a chat message instead: acknowledged
 * by its echo and pushed by the server to the other members of its conversation, pairs and groups of
 * {@code --group-size} as in {@code chat} ({@link EchoLoad}), so the rate is in chat messages per second carried
 * with no Ferry logic at all. With {@code --rate=0} it instead holds the connections idle and reports the echo
 * server's RSS per connection: the floor under Ferry's memory per session.
 */
public final class EchoScenario implements Scenario {
    @Override
    public Map<String, Object> run(Context ctx) throws Exception {
        int connections = ctx.options().integer("connections", 200);
        double rate = ctx.options().number("rate", 20_000);
        Duration warmup = ctx.options().duration("warmup", Duration.ofSeconds(10));
        Duration duration = ctx.options().duration("duration", Duration.ofSeconds(15));
        String fanOut = ctx.options().string("fanout", "off");
        if (!fanOut.equals("off") && !fanOut.equals("chat")) {
            throw new IllegalArgumentException("--fanout must be off or chat, was " + fanOut);
        }
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
        EchoLoad load = fanOut.equals("chat")
                ? EchoLoad.chat(m, conns, inFlight, ctx.options().integer("group-size", 5),
                        ctx.options().number("group-share", 0.5))
                : EchoLoad.plain(m, conns, inFlight);
        ctx.timeline().phase("warmup");
        Warmup.run(rate, warmup, inFlight, load::send);
        ctx.timeline().phase("run");
        OpenLoop.run(rate, duration, () -> false, load::send);
        ctx.timeline().phase("drain");
        load.drain(Duration.ofSeconds(10));
        conns.forEach(WsConnection::close);

        PhaseSummary run = PhaseSummary.of(ctx.timeline().seconds()).stream()
                .filter(p -> p.phase().equals("run")).findFirst().orElseThrow();
        results.put("offeredPerSecond", rate);
        results.put("echoedPerSecond", run.ratesPerSecond().getOrDefault("echoed", 0.0));
        results.put("skipped", m.total("skipped"));
        if (fanOut.equals("chat")) {
            double recipients = load.recipientsPerMessage();
            double delivered = run.ratesPerSecond().getOrDefault("delivered", 0.0);
            results.put("chats", load.conversationCount());
            results.put("deliveredPerSecond", delivered);
            results.put("messagesDeliveredPerSecond", round(delivered / Math.max(recipients, 1e-9), 1));
            results.put("recipientsPerMessage", round(recipients, 3));
            // The ack and one push per recipient, against one frame in.
            results.put("framesOutPerMessage", round(1 + recipients, 3));
            percentiles(results, run, "ack");
            percentiles(results, run, "delivery");
            results.put("deliveriesMissing", load.deliveriesMissing());
        } else {
            percentiles(results, run, "echo");
        }
        results.values().removeIf(Objects::isNull);
        return results;
    }

    /** Puts latency {@code name}'s p50 and p99 in {@code phase}, in ms, as {@code <name>P50Ms}, {@code <name>P99Ms}. */
    private static void percentiles(Map<String, Object> results, PhaseSummary phase, String name) {
        PhaseSummary.LatencySummary l = phase.latencies().get(name);
        if (l != null) {
            results.put(name + "P50Ms", l.p50());
            results.put(name + "P99Ms", l.p99());
        }
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
