package org.ferry.bench.scenario;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ferry.bench.client.WsClient;
import org.ferry.bench.client.WsConnection;
import org.ferry.bench.load.InFlight;
import org.ferry.bench.load.OpenLoop;
import org.ferry.bench.load.Warmup;
import org.ferry.bench.report.PhaseSummary;
import org.ferry.bench.server.CompilerCpu;
import org.ferry.core.limit.ThreadPriority;

/**
 * {@code surge}: the {@code chat} load at a fixed {@code --rate} through three phases of {@code --phase} each:
 * {@code before}, {@code during} a sign-up flood offered at {@code --signup-rate} over {@code --connections}
 * connections, and {@code after}. Floor: chat p99 send→delivery during the flood at most 2x the p99 before it.
 * Before {@code before}, a warm-up of the chat and then the flood (sign-ups that give up at their first
 * FLOOD_WAIT) for 3 s and on until both JVMs' compilers are quiet (at most 20 s, or two phases), so that neither
 * JVM compiles the flood's code while it is measured. {@code --flood-nice=N} runs
 * the flood's client (its own event loop and generator thread) at nice N: on two shared cores the generator,
 * which stands for phones elsewhere, otherwise takes CPU from the chat clients that measure.
 */
public final class SurgeScenario implements Scenario {
    static final double FLOOR_RATIO = 2.0;
    /** The warm-up flood at least, and the quiet after it (a phase shorter than this shortens both). */
    private static final Duration FLOOD_WARMUP = Duration.ofSeconds(3);
    /** The warm-up flood at most, waiting for the JITs to go quiet (and at most two phases). */
    private static final Duration FLOOD_WARMUP_MAX = Duration.ofSeconds(20);

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
        // The flood's phones would be elsewhere; here they share the two cores with the chat clients that measure.
        // --flood-nice=N gives the flood's own client threads a lower CPU priority, so that generating it does not
        // delay the measurement (it still reaches the server in full while a CPU is free; see floodFiredPerSecond).
        int floodNice = ctx.options().integer("flood-nice", 0);
        WsClient floodClient = floodNice == 0 ? null : new WsClient(ctx.target().webSocket(),
                ctx.client().transport(), 1, WsClient.CONNECTIONS_PER_SOURCE, "flood-io");
        if (floodClient != null && floodClient.lowerPriority(floodNice) == 0) {
            ctx.out().println("surge: could not lower the flood client's priority; it runs at normal priority");
        }
        Context floodCtx = floodClient == null ? ctx : new Context(ctx.target(), floodClient, ctx.metrics(),
                ctx.timeline(), ctx.options(), ctx.outDir(), ctx.out());
        List<WsConnection> floodConnections = SignupScenario.connect(floodCtx, pool, users);
        InFlight floodInFlight = new InFlight(20_000);
        SignupScenario.Flood flood = new SignupScenario.Flood(ctx, floodConnections, "signup", floodInFlight);

        ctx.timeline().phase("warmup");
        Warmup.run(rate, warmup, chatInFlight, chat::send);
        // Both JVMs also meet a flood before anything is measured: without this the flood's first two seconds ran
        // code neither had compiled yet (refusals, retries), and the JIT's work showed up as chat latency. It goes
        // on until both JITs are quiet: in a slow hour 3 s left the server's compiler threads at 150-200 ms/s (up to
        // 490) through the measured flood (eleventh session), which a node that has been taking sign-ups for a while
        // would not spend. These warm-up sign-ups give up at their first FLOOD_WAIT, so none comes back during the
        // measurement.
        ctx.timeline().phase("warmup-flood");
        Duration floodWarmup = phase.compareTo(FLOOD_WARMUP) < 0 ? phase : FLOOD_WARMUP;
        Duration slice = floodWarmup.compareTo(Duration.ofSeconds(1)) < 0 ? floodWarmup : Duration.ofSeconds(1);
        Duration longest = phase.multipliedBy(2).compareTo(FLOOD_WARMUP_MAX) < 0 ? phase.multipliedBy(2)
                : FLOOD_WARMUP_MAX;
        InFlight warmupFloodInFlight = new InFlight(20_000);
        SignupScenario.Flood warmupFlood = new SignupScenario.Flood(ctx, floodConnections, "warmup",
                warmupFloodInFlight, 1);
        int slices = Warmup.untilJitQuiet(CompilerCpu.benchAndServer(ctx.target()),
                (int) (floodWarmup.toMillis() / slice.toMillis()),
                (int) Math.max(1, longest.toMillis() / slice.toMillis()), slice,
                d -> runFlood(floodNice, signupRate, d, warmupFlood));
        warmupFloodInFlight.awaitDrained(Duration.ofSeconds(30));
        Warmup.collectGeneratorGarbage();
        Thread.sleep(floodWarmup.toMillis()); // the admission's wait estimate falls back (smoothed over ~1 s)
        Duration total = phase.multipliedBy(3);
        ctx.timeline().phase("before");
        Thread chatLoop = Thread.ofPlatform().name("chat-loop").start(
                () -> OpenLoop.run(rate, total, () -> false, chat::send));
        Thread.sleep(phase.toMillis());
        ctx.timeline().phase("during");
        long fired = runFlood(floodNice, signupRate, phase, flood);
        ctx.timeline().phase("after");
        chatLoop.join();
        ctx.timeline().phase("drain");
        chat.drain(Duration.ofSeconds(15));
        ctx.timeline().phase("done");
        // Sign-ups still retrying after FLOOD_WAIT are cut off by closing their connections: not server failures.
        long signupFailed = ctx.metrics().total("signup.failed");
        int signupsCutOff = floodInFlight.get();
        chat.close();
        floodConnections.forEach(WsConnection::close);
        if (floodClient != null) {
            floodClient.close();
        }

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
        results.put("floodNice", floodNice);
        results.put("floodWarmupSeconds", slices * slice.toMillis() / 1000.0);
        results.put("floodFiredPerSecond", SignupScenario.round(fired / (double) phase.toSeconds()));
        results.put("signupsPerSecondDuring", Phases.rate(during, "signup.ok"));
        results.put("signupFailed", signupFailed);
        results.put("signupsStillRetryingAtEnd", signupsCutOff);
        results.put("signupFloodWaitRetries", ctx.metrics().total("signup.floodWait"));
        // Beside the floor's ratio, the same ratio for a typical second: one slow second (a storage stall, in either
        // phase) moves the phases' p99s, and so the floor's ratio, by 2-3x; this one shows what the flood itself did.
        double medianBefore = Phases.medianSecondP99(ctx, "before", "delivery");
        double medianDuring = Phases.medianSecondP99(ctx, "during", "delivery");
        results.put("chatDeliveryP99MsMedianSecondBefore", medianBefore);
        results.put("chatDeliveryP99MsMedianSecondDuring", medianDuring);
        results.put("medianSecondRatio", Math.round(medianDuring / medianBefore * 100) / 100.0);
        double ratio = p99During / p99Before;
        results.put("p99RatioDuringOverBefore", Math.round(ratio * 100) / 100.0);
        results.put("floorMet(ratio<=2)", ratio <= FLOOR_RATIO);
        return results;
    }

    /** Offers the flood's sign-ups for {@code duration} from a thread of its own (at nice {@code nice} if > 0). */
    private static long runFlood(int nice, double rate, Duration duration, SignupScenario.Flood flood)
            throws InterruptedException {
        long[] fired = new long[1];
        Thread.ofPlatform().name("flood-loop").start(() -> {
            if (nice > 0) {
                ThreadPriority.lowerCurrentThread(nice);
            }
            fired[0] = OpenLoop.run(rate, duration, () -> false, flood::signUp);
        }).join();
        return fired[0];
    }
}
