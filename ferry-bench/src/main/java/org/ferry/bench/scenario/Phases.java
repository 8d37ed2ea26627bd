package org.ferry.bench.scenario;

import java.util.List;
import java.util.stream.DoubleStream;
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

    /**
     * The median over a phase's whole seconds of each second's p99 of {@code latency}, in ms (NaN if none): what a
     * typical second of the phase looked like, where the phase's p99 is set by its worst second or two.
     */
    static double medianSecondP99(Context ctx, String phase, String latency) {
        double[] p99s = secondP99s(ctx, phase, latency).sorted().toArray();
        if (p99s.length == 0) {
            return Double.NaN;
        }
        int mid = p99s.length / 2;
        double median = p99s.length % 2 == 1 ? p99s[mid] : (p99s[mid - 1] + p99s[mid]) / 2;
        return Math.round(median * 1000) / 1000.0;
    }

    /** How many of a phase's whole seconds had a p99 of {@code latency} above {@code ms}. */
    static long secondsWithP99Above(Context ctx, String phase, String latency, double ms) {
        return secondP99s(ctx, phase, latency).filter(p99 -> p99 > ms).count();
    }

    /** Each whole second's p99 of {@code latency} in a phase, in ms, for the seconds that recorded any. */
    private static DoubleStream secondP99s(Context ctx, String phase, String latency) {
        return ctx.timeline().seconds().stream()
                .filter(s -> s.phase().equals(phase) && s.seconds() >= 0.9)
                .map(s -> s.latencies().get(latency))
                .filter(h -> h != null && h.getTotalCount() > 0)
                .mapToDouble(h -> h.getValueAtPercentile(99) / 1000.0);
    }

    static double rate(PhaseSummary phase, String counter) {
        return phase.ratesPerSecond().getOrDefault(counter, 0.0);
    }
}
