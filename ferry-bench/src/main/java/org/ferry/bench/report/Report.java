package org.ferry.bench.report;

import java.util.List;
import java.util.Map;

/**
 * Everything one run produced, as written to {@code report.json}: what ran, where, the per-phase summaries, the
 * scenario's own results (memory per session, bytes per post, ratios...) and the per-second timeline behind the
 * chart. Immutable.
 *
 * @param results scenario-specific numbers, in insertion order
 * @param timeline one entry per sample: t, phase, rates per counter and latency percentiles per series
 */
public record Report(String scenario, String startedAt, Map<String, String> options, Map<String, Object> machine,
                     List<PhaseSummary> phases, Map<String, Object> results, List<Map<String, Object>> timeline) {
}
