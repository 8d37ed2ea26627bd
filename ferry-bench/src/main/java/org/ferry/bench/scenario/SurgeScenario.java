package org.ferry.bench.scenario;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ferry.bench.client.WsConnection;
import org.ferry.bench.load.InFlight;
import org.ferry.bench.load.OpenLoop;
import org.ferry.bench.load.Warmup;
import org.ferry.bench.report.PhaseSummary;

/**
 * {@code surge}: the {@code chat} load at a fixed {@code --rate} through three phases of {@code --phase} each:
 * {@code before}, {@code during} a sign-up flood offered at {@code --signup-rate} over {@code --connections}
 * connections, and {@code after}. Floor: chat p99 send→delivery during the flood at most 2x the p99 before it.
 */
public final class SurgeScenario implements Scenario {
    static final double FLOOR_RATIO = 2.0;

    @Override
    public Map<String, Object> run(Context ctx) throws Exception {
        int users = ctx.options().integer("users", 1_000);
        int groupSize = ctx.options().integer("group-size", 5);
        double groupShare = ctx.options().number("group-share", 0.5);
        double rate = ctx.options().number("rate", 2_000);
        double signupRate = ctx.options().number("signup-rate", 3_000);
        int pool = ctx.options().integer("connections", 256);
        Duration phase = ctx.options().duration("phase", Duration.ofSeconds(15));
        Duration warmup = ctx.options().duration("warmup", Duration.ofSeconds(10));

        InFlight chatInFlight = new InFlight(ctx.options().integer("max-inflight", 50_000));
        ChatLoad chat = new ChatLoad(ctx.metrics(), chatInFlight);
        chat.setUp(ctx, users, groupSize, groupShare);
        List<WsConnection> floodConnections = SignupScenario.connect(ctx, pool, users);
        SignupScenario.Flood flood = new SignupScenario.Flood(ctx, floodConnections, "signup", new InFlight(20_000));

        ctx.timeline().phase("warmup");
        Warmup.run(rate, warmup, chatInFlight, chat::send);
        Duration total = phase.multipliedBy(3);
        ctx.timeline().phase("before");
        Thread chatLoop = Thread.ofPlatform().name("chat-loop").start(
                () -> OpenLoop.run(rate, total, () -> false, chat::send));
        Thread.sleep(phase.toMillis());
        ctx.timeline().phase("during");
        OpenLoop.run(signupRate, phase, () -> false, flood::signUp);
        ctx.timeline().phase("after");
        chatLoop.join();
        ctx.timeline().phase("drain");
        chat.drain(Duration.ofSeconds(15));
        ctx.timeline().phase("done");
        chat.close();
        floodConnections.forEach(WsConnection::close);

        PhaseSummary before = Phases.summary(ctx, "before");
        PhaseSummary during = Phases.summary(ctx, "during");
        double p99Before = Phases.p99(before, "delivery");
        double p99During = Phases.p99(during, "delivery");
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("chatOfferedPerSecond", rate);
        results.put("chatAckedPerSecondBefore", Phases.rate(before, "acked"));
        results.put("chatAckedPerSecondDuring", Phases.rate(during, "acked"));
        results.put("chatDeliveryP99MsBefore", p99Before);
        results.put("chatDeliveryP99MsDuring", p99During);
        results.put("chatAckP99MsBefore", Phases.p99(before, "ack"));
        results.put("chatAckP99MsDuring", Phases.p99(during, "ack"));
        results.put("signupOfferedPerSecond", signupRate);
        results.put("signupsPerSecondDuring", Phases.rate(during, "signup.ok"));
        results.put("signupFailed", ctx.metrics().total("signup.failed"));
        results.put("signupFloodWaitRetries", ctx.metrics().total("signup.floodWait"));
        double ratio = p99During / p99Before;
        results.put("p99RatioDuringOverBefore", Math.round(ratio * 100) / 100.0);
        results.put("floorMet(ratio<=2)", ratio <= FLOOR_RATIO);
        return results;
    }
}
