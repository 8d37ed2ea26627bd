package org.ferry.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ferry.bench.load.Timeline;

/**
 * Turns a finished run into its three outputs: a table on stdout, {@code report.json} and {@code chart.svg} in
 * the run's output directory. Stateless.
 */
public final class ReportWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {
    }

    /** The timeline rows of the JSON and the chart: per sample, rates and p50/p99/p99.9/max in ms. */
    public static List<Map<String, Object>> rows(List<Timeline.Second> seconds) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Timeline.Second s : seconds) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("t", Math.round(s.t() * 100) / 100.0);
            row.put("phase", s.phase());
            Map<String, Double> rates = new LinkedHashMap<>();
            s.counters().forEach((name, n) -> rates.put(name, Math.round(n / Math.max(s.seconds(), 1e-9) * 10) / 10.0));
            row.put("ratePerSecond", rates);
            Map<String, Object> lat = new LinkedHashMap<>();
            s.latencies().forEach((name, h) -> {
                if (h.getTotalCount() > 0) {
                    lat.put(name, Map.of("count", h.getTotalCount(),
                            "p50", h.getValueAtPercentile(50) / 1000.0, "p99", h.getValueAtPercentile(99) / 1000.0,
                            "p999", h.getValueAtPercentile(99.9) / 1000.0, "max", h.getMaxValue() / 1000.0));
                }
            });
            row.put("latencyMs", lat);
            if (!s.errors().isEmpty() && s.errors().values().stream().anyMatch(n -> n > 0)) {
                row.put("errors", s.errors());
            }
            rows.add(row);
        }
        return rows;
    }

    /** Writes report.json and chart.svg into {@code dir} and prints the table to {@code out}. */
    public static void write(Report report, Path dir, PrintStream out) throws IOException {
        Files.createDirectories(dir);
        JSON.writeValue(dir.resolve("report.json").toFile(), report);
        Files.writeString(dir.resolve("chart.svg"), SvgChart.render(report));
        out.print(table(report));
        out.println("wrote " + dir.resolve("report.json") + " and " + dir.resolve("chart.svg"));
    }

    public static String table(Report report) {
        StringBuilder t = new StringBuilder();
        t.append("\n== ").append(report.scenario()).append(" (").append(report.startedAt()).append(") ")
                .append(report.options()).append('\n');
        for (PhaseSummary p : report.phases()) {
            if (p.phase().equals("setup") && report.phases().size() > 1) {
                continue;
            }
            t.append(String.format("%n-- phase %s, %.1f s%n", p.phase(), p.seconds()));
            if (!p.latencies().isEmpty()) {
                t.append(String.format("%-24s %10s %9s %9s %9s %9s %9s %9s%n", "latency (ms)", "count", "p50", "p90",
                        "p99", "p99.9", "max", "mean"));
                p.latencies().forEach((name, l) -> t.append(String.format(
                        "%-24s %10d %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f%n",
                        name, l.count(), l.p50(), l.p90(), l.p99(), l.p999(), l.max(), l.mean())));
            }
            if (!p.counters().isEmpty()) {
                t.append(String.format("%-24s %10s %12s%n", "counter", "total", "per second"));
                p.counters().forEach((name, n) -> t.append(String.format("%-24s %10d %12.1f%n", name, n,
                        p.ratesPerSecond().get(name))));
            }
            if (!p.errors().isEmpty()) {
                t.append("errors: ").append(p.errors()).append('\n');
            }
        }
        if (!report.results().isEmpty()) {
            t.append("\n-- results\n");
            report.results().forEach((k, v) -> t.append(String.format("%-36s %s%n", k, v)));
        }
        return t.toString();
    }
}
