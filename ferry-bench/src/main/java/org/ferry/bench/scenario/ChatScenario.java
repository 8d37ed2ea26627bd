package org.ferry.bench.scenario;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ferry.bench.load.InFlight;
import org.ferry.bench.load.OpenLoop;
import org.ferry.bench.load.Warmup;
import org.ferry.bench.report.PhaseSummary;
import org.ferry.bench.server.CompilerCpu;

/**
 * {@code chat}: {@code --users} connected users in pairs and groups of {@code --group-size} exchanging messages at
 * {@code --rate} per second for {@code --duration} after {@code --warmup}. Reports acknowledged (durable) and
 * delivered messages per second and send→delivery percentiles. Floors: 20,000 messages/s acknowledged and
 * delivered; p99 send→delivery at most 50 ms at half that rate.
 *
 * <p>The warm-up's full-rate half goes on while either JVM's JIT is still compiling, for at most
 * {@code --jit-warmup-max} more (0: a fixed warm-up): at 10,000/s a 10 s warm-up left both compiling through the
 * run, their first compiles and the recompiles after a rare branch's trap falling on the measured seconds, which a
 * node that has served for a while has behind it (docs/benchmarks.md, eleventh and twelfth sessions).
 */
public final class ChatScenario implements Scenario {
    static final double FLOOR_PER_SECOND = 20_000;
    static final double FLOOR_P99_MS = 50;
    private static final Duration JIT_WARMUP_MAX = Duration.ofSeconds(30);

    @Override
    public Map<String, Object> run(Context ctx) throws Exception {
        int users = ctx.options().integer("users", 2_000);
        int groupSize = ctx.options().integer("group-size", 5);
        double groupShare = ctx.options().number("group-share", 0.5);
        double rate = ctx.options().number("rate", 10_000);
        Duration warmup = ctx.options().duration("warmup", Duration.ofSeconds(10));
        Duration duration = ctx.options().duration("duration", Duration.ofSeconds(30));
        Duration jitWarmupMax = ctx.options().duration("jit-warmup-max", JIT_WARMUP_MAX);
        InFlight inFlight = new InFlight(ctx.options().integer("max-inflight", 50_000));

        ChatLoad load = new ChatLoad(ctx.metrics(), inFlight);
        load.setUp(ctx, users, groupSize, groupShare);
        ctx.out().printf("chat: %d users in %d chats%n", load.userCount(), load.conversationCount());
        Duration fullRateWarmup = Duration.ZERO;
        if (!warmup.isZero()) {
            ctx.timeline().phase("warmup");
            fullRateWarmup = Warmup.run(rate, warmup, jitWarmupMax, CompilerCpu.benchAndServer(ctx.target()),
                    inFlight, load::send);
        }
        ctx.timeline().phase("run");
        OpenLoop.run(rate, duration, () -> false, load::send);
        ctx.timeline().phase("drain");
        load.drain(Duration.ofSeconds(15));
        ctx.timeline().phase("done");
        load.close();

        PhaseSummary run = Phases.summary(ctx, "run");
        double acked = Phases.rate(run, "acked");
        double recipients = load.recipientsPerMessage();
        double delivered = Phases.rate(run, "delivered") / Math.max(recipients, 1e-9);
        double p99 = Phases.p99(run, "delivery");
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("users", load.userCount());
        results.put("chats", load.conversationCount());
        results.put("recipientsPerMessage", SignupScenario.round(recipients));
        results.put("offeredPerSecond", rate);
        results.put("warmupFullRateSeconds", fullRateWarmup.toMillis() / 1000.0);
        results.put("ackedPerSecond", acked);
        results.put("deliveriesPerSecond", Phases.rate(run, "delivered"));
        results.put("messagesDeliveredPerSecond", SignupScenario.round(delivered));
        results.put("ackP99Ms", Phases.p99(run, "ack"));
        results.put("deliveryP99Ms", p99);
        // The run's p99 is set by its worst second or two (docs/benchmarks.md): also what a typical second looked
        // like, and how many seconds were over the floor's 50 ms.
        results.put("deliveryP99MsMedianSecond", Phases.medianSecondP99(ctx, "run", "delivery"));
        results.put("secondsWithDeliveryP99Over50Ms", Phases.secondsWithP99Above(ctx, "run", "delivery", FLOOR_P99_MS));
        results.put("deliveriesMissing", load.deliveriesMissing());
        results.put("pushedOutOfOrder", ctx.metrics().total("pushedOutOfOrder"));
        // The generator's CPU per message is a reading of the VM's speed at the time (its code does not change
        // between two builds of the server); steal is the part of a slow hour the guest can see.
        results.put("serverCpuMicrosPerMessage", perMessage(run, "cpu.server(ms)", acked));
        results.put("benchCpuMicrosPerMessage", perMessage(run, "cpu.bench(ms)", acked));
        results.put("machineStealMsPerSecond", SignupScenario.round(Phases.rate(run, "cpu.machineSteal(ms)")));
        // Whether either JIT was still compiling while the run was measured (0 where unknown, e.g. embedded).
        results.put("serverJitMsPerSecond", SignupScenario.round(Phases.rate(run, "cpu.serverJit(ms)")));
        results.put("benchJitMsPerSecond", SignupScenario.round(Phases.rate(run, "cpu.benchJit(ms)")));
        results.put("sendErrors", ctx.metrics().errorTotal());
        results.put("throughputFloorMet", acked >= FLOOR_PER_SECOND && delivered >= FLOOR_PER_SECOND);
        if (rate <= FLOOR_PER_SECOND / 2) {
            results.put("latencyFloorMet(p99<=50ms at <=10k/s)", acked >= rate * 0.99 && p99 <= FLOOR_P99_MS);
        }
        return results;
    }

    /** Microseconds of {@code cpuCounter} (ms per second) per acked message, or 0 where unknown. */
    private static double perMessage(PhaseSummary run, String cpuCounter, double ackedPerSecond) {
        double ms = Phases.rate(run, cpuCounter);
        return ackedPerSecond > 0 && ms > 0 ? SignupScenario.round(ms * 1000 / ackedPerSecond) : 0;
    }
}
