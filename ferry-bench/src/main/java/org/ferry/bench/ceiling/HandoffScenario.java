package org.ferry.bench.ceiling;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.ferry.bench.load.Latency;
import org.ferry.bench.report.PhaseSummary;
import org.ferry.bench.scenario.Context;
import org.ferry.bench.scenario.Scenario;

/**
 * {@code handoff}: what it costs one thread to wake another that sleeps, the step Ferry takes several times per
 * message (event loop to virtual thread, to the committer and back, to the recipients' event loops). Two platform
 * threads pass a turn back and forth for {@code --duration}: each sets the other's turn, unparks it and parks until
 * its own turn comes back, so nearly every handoff wakes a thread that has gone to sleep (unless the turn comes back
 * before it parked). Reports handoffs per second, the wake-up latency (unpark to the woken thread running) and the
 * CPU time both threads spent per handoff, most of it the kernel's. Unpinned, the two threads sit on different
 * CPUs; {@code --bench-cpus=0} puts both on one.
 */
public final class HandoffScenario implements Scenario {
    private static final int STOP = -1;
    private volatile int turn;
    private volatile long unparkedAt;
    private long endNanos;

    @Override
    public boolean needsFerry() {
        return false;
    }

    @Override
    public Map<String, Object> run(Context ctx) throws Exception {
        Duration duration = ctx.options().duration("duration", Duration.ofSeconds(5));
        Latency wake = ctx.metrics().latency("wake");
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] cpu = new long[2];
        long[] handoffs = new long[2];
        Thread[] players = new Thread[2];
        for (int i = 0; i < 2; i++) {
            int me = i;
            players[i] = Thread.ofPlatform().name("handoff-" + i).unstarted(() -> {
                long cpu0 = mx.getCurrentThreadCpuTime();
                while (true) {
                    int now;
                    while ((now = turn) != me && now != STOP) {
                        LockSupport.park(this);
                    }
                    if (now == STOP) {
                        break;
                    }
                    if (handoffs[0] + handoffs[1] > 0) { // the very first turn woke nobody
                        wake.since(unparkedAt);
                        ctx.metrics().count("handoffs");
                    }
                    handoffs[me]++;
                    unparkedAt = System.nanoTime();
                    turn = unparkedAt >= endNanos ? STOP : 1 - me;
                    LockSupport.unpark(players[1 - me]);
                }
                cpu[me] = mx.getCurrentThreadCpuTime() - cpu0;
            });
        }
        ctx.timeline().phase("run");
        long start = System.nanoTime();
        endNanos = start + duration.toNanos(); // the threads start after this write: they see it
        players[0].start();
        players[1].start();
        players[0].join();
        players[1].join();
        long wall = System.nanoTime() - start;
        ctx.timeline().phase("done");
        long n = Math.max(1, handoffs[0] + handoffs[1] - 1); // the first turn woke nobody
        PhaseSummary run = PhaseSummary.of(ctx.timeline().seconds()).stream()
                .filter(p -> p.phase().equals("run")).findFirst().orElseThrow();
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("handoffs", n);
        results.put("handoffsPerSecond", Math.round(n * 1e9 / wall));
        results.put("wallMicrosPerHandoff", Math.round(wall / 100.0 / n) / 10.0);
        results.put("cpuMicrosPerHandoff", Math.round((cpu[0] + cpu[1]) / 100.0 / n) / 10.0);
        results.put("wakeP50Micros", Math.round(run.latencies().get("wake").p50() * 1_000));
        results.put("wakeP99Micros", Math.round(run.latencies().get("wake").p99() * 1_000));
        return results;
    }
}
