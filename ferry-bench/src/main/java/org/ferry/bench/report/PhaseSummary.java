package org.ferry.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.ferry.bench.load.Timeline;

/**
 * What happened during one phase of a run: latency percentiles, counters with their rates, errors by code.
 * Immutable.
 *
 * @param seconds the phase's length
 */
public record PhaseSummary(String phase, double seconds, Map<String, LatencySummary> latencies,
                           Map<String, Long> counters, Map<String, Double> ratesPerSecond, Map<String, Long> errors) {

    /** Percentiles of one latency series, in milliseconds. */
    public record LatencySummary(long count, double p50, double p90, double p99, double p999, double max,
                                 double mean) {
        static LatencySummary of(Histogram h) {
            return new LatencySummary(h.getTotalCount(), ms(h.getValueAtPercentile(50)),
                    ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)),
                    ms(h.getMaxValue()), h.getTotalCount() == 0 ? 0 : Math.round(h.getMean()) / 1000.0);
        }

        private static double ms(long micros) {
            return micros / 1000.0;
        }
    }

    /** The phases of a timeline in order of first appearance, each summed over its seconds. */
    public static List<PhaseSummary> of(List<Timeline.Second> seconds) {
        Map<String, List<Timeline.Second>> byPhase = new LinkedHashMap<>();
        for (Timeline.Second s : seconds) {
            byPhase.computeIfAbsent(s.phase(), k -> new ArrayList<>()).add(s);
        }
        List<PhaseSummary> out = new ArrayList<>();
        byPhase.forEach((phase, list) -> out.add(of(phase, list)));
        return out;
    }

    static PhaseSummary of(String phase, List<Timeline.Second> seconds) {
        double length = 0;
        Map<String, Histogram> merged = new TreeMap<>();
        Map<String, Long> counters = new TreeMap<>();
        Map<String, Long> errors = new TreeMap<>();
        for (Timeline.Second s : seconds) {
            length += s.seconds();
            s.latencies().forEach((name, h) -> merged.computeIfAbsent(name,
                    k -> new Histogram(h.getHighestTrackableValue(), 3)).add(h));
            s.counters().forEach((name, n) -> counters.merge(name, n, Long::sum));
            s.errors().forEach((name, n) -> errors.merge(name, n, Long::sum));
        }
        Map<String, LatencySummary> latencies = new TreeMap<>();
        merged.forEach((name, h) -> {
            if (h.getTotalCount() > 0) {
                latencies.put(name, LatencySummary.of(h));
            }
        });
        Map<String, Double> rates = new TreeMap<>();
        double span = Math.max(length, 1e-9);
        counters.forEach((name, n) -> rates.put(name, Math.round(n / span * 10) / 10.0));
        errors.values().removeIf(n -> n == 0);
        return new PhaseSummary(phase, Math.round(length * 100) / 100.0, latencies, counters, rates, errors);
    }
}
