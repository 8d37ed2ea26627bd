package org.ferry.bench.scenario;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.ferry.bench.client.RpcError;
import org.ferry.bench.client.WsConnection;
import org.ferry.bench.load.InFlight;
import org.ferry.bench.load.Latency;
import org.ferry.bench.load.Metrics;
import org.ferry.bench.load.OpenLoop;
import org.ferry.bench.load.Warmup;
import org.ferry.bench.report.PhaseSummary;

/**
 * {@code signup}: {@code --users} new accounts through the whole flow (send code, sign in, sign up), offered at
 * {@code --rate} per second over a pool of {@code --connections} connections. Latency runs from each sign-up's
 * intended start to its {@code auth.signUp} answer, which comes after the account is durable. A {@code --warmup}
 * (half, then full rate) comes first and is not counted. Floor: 3,000/s.
 */
public final class SignupScenario implements Scenario {
    static final double FLOOR_PER_SECOND = 3_000;

    @Override
    public Map<String, Object> run(Context ctx) throws Exception {
        int users = ctx.options().integer("users", 10_000);
        double rate = ctx.options().number("rate", 3_000);
        int pool = ctx.options().integer("connections", 512);
        Duration warmup = ctx.options().duration("warmup", Duration.ofSeconds(10));
        int maxInFlight = ctx.options().integer("max-inflight", 20_000);
        InFlight inFlight = new InFlight(maxInFlight);

        List<WsConnection> connections = connect(ctx, pool, 0);
        // The warm-up's sign-ups have their own name and count: those still waiting out a FLOOD_WAIT when the run
        // begins finish during it, and must not count as the run's (they once made the run's rate exceed what it
        // offered, and a run with a cold start told to wait looked slower than it was, by the stragglers' time).
        InFlight warmupInFlight = new InFlight(maxInFlight);
        Flood warmupFlood = new Flood(ctx, connections, "warmup", warmupInFlight);
        Flood flood = new Flood(ctx, connections, "signup", inFlight);
        ctx.timeline().phase("warmup");
        Warmup.run(rate, warmup, warmupInFlight, warmupFlood::signUp);
        ctx.timeline().phase("run");
        long fired = OpenLoop.run(rate, Duration.ofNanos((long) (users / rate * 1e9)), () -> false,
                flood::signUp);
        int left = inFlight.awaitDrained(Duration.ofSeconds(60));
        ctx.timeline().phase("drained");
        connections.forEach(WsConnection::close);

        // The run phase lasts until the last answer: sign-ups per second are what completed over that time.
        PhaseSummary run = Phases.summary(ctx, "run");
        double seconds = run.seconds();
        Map<String, Object> results = new LinkedHashMap<>();
        long ok = run.counters().getOrDefault("signup.ok", 0L);
        results.put("offeredPerSecond", rate);
        results.put("fired", fired);
        results.put("signedUp", ok);
        results.put("alreadyExisting", run.counters().getOrDefault("signup.existing", 0L));
        results.put("failed", run.counters().getOrDefault("signup.failed", 0L));
        results.put("skippedInFlightCap", run.counters().getOrDefault("signup.skipped", 0L));
        results.put("signupP99Ms", Phases.p99(run, "signup"));
        results.put("floodWaitRetries", run.counters().getOrDefault("signup.floodWait", 0L));
        results.put("unanswered", left);
        results.put("warmupSignUpsStillWaiting", warmupInFlight.get());
        results.put("signupsPerSecond", round(ok / Math.max(seconds, 1e-9)));
        results.put("floorPerSecond", FLOOR_PER_SECOND);
        results.put("floorMet", ok / Math.max(seconds, 1e-9) >= FLOOR_PER_SECOND
                && run.counters().getOrDefault("signup.failed", 0L) == 0);
        return results;
    }

    static List<WsConnection> connect(Context ctx, int n, int firstIndex) throws InterruptedException {
        return Connections.open(ctx, n, firstIndex);
    }

    static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /**
     * Open-loop sign-ups over a connection pool, shared with {@code surge}: counters {@code <name>.ok},
     * {@code .existing}, {@code .failed}, {@code .skipped} and latency {@code <name>}. Thread-safe.
     */
    static final class Flood {
        private final List<WsConnection> connections;
        private final Accounts accounts;
        private final PhoneNumbers phones = new PhoneNumbers();
        private final Metrics metrics;
        private final Latency latency;
        private final String name;
        private final InFlight inFlight;
        private final AtomicLong next = new AtomicLong();

        Flood(Context ctx, List<WsConnection> connections, String name, InFlight inFlight) {
            this(ctx, connections, name, inFlight, Accounts.MAX_TRIES);
        }

        /** @param maxTries calls per step at most; 1 gives up at the first FLOOD_WAIT */
        Flood(Context ctx, List<WsConnection> connections, String name, InFlight inFlight, int maxTries) {
            this.connections = connections;
            this.metrics = ctx.metrics();
            this.accounts = new Accounts(ctx.target().codes(), ctx.metrics(), name, maxTries);
            this.latency = ctx.metrics().latency(name);
            this.name = name;
            this.inFlight = inFlight;
        }

        void signUp(long intended) {
            if (!inFlight.tryStart()) {
                metrics.count(name + ".skipped");
                return;
            }
            WsConnection c = connections.get((int) (next.getAndIncrement() % connections.size()));
            accounts.signUp(c, phones.next()).whenComplete((account, failure) -> {
                if (failure == null) {
                    latency.since(intended);
                    metrics.count(name + ".ok");
                    if (account.existing()) {
                        metrics.count(name + ".existing");
                    }
                } else {
                    metrics.count(name + ".failed");
                    metrics.error(name, RpcError.codeOf(failure));
                }
                inFlight.done();
            });
        }
    }
}
