package org.ferry.bench.scenario;

import java.util.List;
import org.ferry.bench.report.PhaseSummary;

/** Reads a finished phase's summary from the timeline, for the results a scenario computes itself. */
final class Phases {
    private Phases() {
    }

    static PhaseSummary summary(Context ctx, String phase) {
        List<PhaseSummary> all = PhaseSummary.of(ctx.timeline().seconds());
        return all.stream().filter(p -> p.phase().equals(phase)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no phase " + phase));
    }

    /** The p99 of {@code latency} in a phase, in ms, or NaN when nothing was recorded. */
    static double p99(PhaseSummary phase, String latency) {
        PhaseSummary.LatencySummary l = phase.latencies().get(latency);
        return l == null ? Double.NaN : l.p99();
    }

    static double rate(PhaseSummary phase, String counter) {
        return phase.ratesPerSecond().getOrDefault(counter, 0.0);
    }
}
