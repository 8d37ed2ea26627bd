package org.ferry.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Draws a run's timeline as a self-contained SVG: latency percentiles per second on a logarithmic axis above,
 * throughput per second below, phase changes as vertical rules. Stateless.
 */
final class SvgChart {
    private static final int WIDTH = 960;
    private static final int PANEL = 280;
    private static final int LEFT = 70;
    private static final int RIGHT = 230;
    private static final int TOP = 40;
    private static final int GAP = 60;
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
            "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"};

    private SvgChart() {
    }

    @SuppressWarnings("unchecked")
    static String render(Report report) {
        List<Map<String, Object>> rows = report.timeline();
        double tMax = rows.isEmpty() ? 1 : Math.max(1, ((Number) rows.getLast().get("t")).doubleValue());
        Set<String> series = new LinkedHashSet<>();
        Set<String> counters = new LinkedHashSet<>();
        double latMax = 1;
        double latMin = 1000;
        double rateMax = 1;
        for (Map<String, Object> row : rows) {
            series.addAll(((Map<String, Map<String, Object>>) row.get("latencyMs")).keySet());
            for (Map<String, Object> l : ((Map<String, Map<String, Object>>) row.get("latencyMs")).values()) {
                latMax = Math.max(latMax, ((Number) l.get("p999")).doubleValue());
                latMin = Math.min(latMin, Math.max(0.01, ((Number) l.get("p50")).doubleValue()));
            }
            Map<String, Double> rates = (Map<String, Double>) row.get("ratePerSecond");
            for (var r : rates.entrySet()) {
                if (!r.getKey().startsWith("cpu.")) {
                    counters.add(r.getKey());
                    rateMax = Math.max(rateMax, r.getValue());
                }
            }
        }
        double logLo = Math.floor(Math.log10(latMin));
        double logHi = Math.ceil(Math.log10(latMax * 1.05));
        if (logHi <= logLo) {
            logHi = logLo + 1;
        }
        rateMax = niceCeiling(rateMax);
        int height = TOP + PANEL + GAP + PANEL + 40;
        int plotW = WIDTH - LEFT - RIGHT;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">%n", WIDTH, height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"14\" font-weight=\"bold\">ferry bench %s"
                + " — %s</text>%n", LEFT, esc(report.scenario()), esc(report.startedAt())));

        // Panel 1: latency, log scale.
        int y1 = TOP;
        axes(svg, y1, plotW, "latency ms (log): solid p99, dashed p50, dotted p99.9", tMax);
        for (double e = logLo; e <= logHi; e++) {
            double y = y1 + PANEL - (e - logLo) / (logHi - logLo) * PANEL;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT, LEFT + plotW, y, y, LEFT - 4,
                    y + 4, fmt(Math.pow(10, e))));
        }
        int c = 0;
        for (String name : series) {
            String color = COLORS[c++ % COLORS.length];
            for (String[] p : new String[][] {{"p50", "4 3"}, {"p99", ""}, {"p999", "1 3"}}) {
                List<double[]> pts = new ArrayList<>();
                for (Map<String, Object> row : rows) {
                    Map<String, Object> l = ((Map<String, Map<String, Object>>) row.get("latencyMs")).get(name);
                    if (l != null) {
                        double v = Math.max(Math.pow(10, logLo), ((Number) l.get(p[0])).doubleValue());
                        pts.add(new double[] {x(((Number) row.get("t")).doubleValue(), tMax, plotW),
                                y1 + PANEL - (Math.log10(v) - logLo) / (logHi - logLo) * PANEL});
                    }
                }
                polyline(svg, pts, color, p[1]);
            }
            legend(svg, y1, c, color, name);
        }

        // Panel 2: throughput, linear.
        int y2 = TOP + PANEL + GAP;
        axes(svg, y2, plotW, "events per second", tMax);
        for (int i = 0; i <= 4; i++) {
            double v = rateMax * i / 4;
            double y = y2 + PANEL - (double) i / 4 * PANEL;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT, LEFT + plotW, y, y, LEFT - 4,
                    y + 4, fmt(v)));
        }
        c = 0;
        for (String name : counters) {
            String color = COLORS[c++ % COLORS.length];
            List<double[]> pts = new ArrayList<>();
            for (Map<String, Object> row : rows) {
                Double r = ((Map<String, Double>) row.get("ratePerSecond")).get(name);
                if (r != null) {
                    pts.add(new double[] {x(((Number) row.get("t")).doubleValue(), tMax, plotW),
                            y2 + PANEL - r / rateMax * PANEL});
                }
            }
            polyline(svg, pts, color, "");
            legend(svg, y2, c, color, name);
        }

        // Phase changes across both panels.
        // A row covers (previous t, t], so a phase starts where the previous row ended.
        String last = null;
        double previousT = 0;
        for (Map<String, Object> row : rows) {
            String phase = (String) row.get("phase");
            double t = ((Number) row.get("t")).doubleValue();
            if (!phase.equals(last)) {
                double px = x(previousT, tMax, plotW);
                svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#999\" "
                        + "stroke-dasharray=\"2 2\"/><text x=\"%.1f\" y=\"%d\" fill=\"#555\">%s</text>%n", px, px, TOP,
                        y2 + PANEL, px + 2, TOP - 4, esc(phase)));
                last = phase;
            }
            previousT = t;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void axes(StringBuilder svg, int y, int plotW, String title, double tMax) {
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#333\"/>%n", LEFT, y, plotW, PANEL));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n", LEFT + 4,
                y + 14, esc(title)));
        for (int i = 0; i <= 5; i++) {
            double t = tMax * i / 5;
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.0fs</text>%n",
                    x(t, tMax, plotW), y + PANEL + 14, t));
        }
    }

    private static void legend(StringBuilder svg, int y, int index, String color, String name) {
        int ly = y + 10 + index * 16;
        int lx = WIDTH - RIGHT + 10;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" "
                + "stroke-width=\"2\"/><text x=\"%d\" y=\"%d\">%s</text>%n", lx, lx + 18, ly, ly, color, lx + 22, ly + 4,
                esc(name)));
    }

    private static void polyline(StringBuilder svg, List<double[]> pts, String color, String dash) {
        if (pts.isEmpty()) {
            return;
        }
        StringBuilder p = new StringBuilder();
        for (double[] pt : pts) {
            p.append(String.format(Locale.ROOT, "%.1f,%.1f ", pt[0], pt[1]));
        }
        svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"%s "
                + "points=\"%s\"/>%n", color, dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"", p));
    }

    private static double x(double t, double tMax, int plotW) {
        return LEFT + t / tMax * plotW;
    }

    private static double niceCeiling(double v) {
        double step = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * step >= v) {
                return m * step;
            }
        }
        return 10 * step;
    }

    private static String fmt(double v) {
        if (v >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return v >= 1 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2g", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
