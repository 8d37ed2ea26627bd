package org.ferry.bench;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The command line of one run: {@code --key=value} flags, read by typed getters with defaults. Every key a run
 * reads is remembered, so that {@link #unused()} can reject a misspelt flag instead of silently ignoring it, and
 * the report lists the effective values. Not thread-safe; read it on the main thread before the run starts.
 */
public final class Options {
    private final Map<String, String> given;
    private final Map<String, String> effective = new LinkedHashMap<>();

    private Options(Map<String, String> given) {
        this.given = given;
    }

    public static Options parse(String[] args, int from) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument \"" + a + "\"; options look like --rate=1000");
            }
            int eq = a.indexOf('=');
            if (eq < 0) {
                values.put(a.substring(2), "true");
            } else {
                values.put(a.substring(2, eq), a.substring(eq + 1));
            }
        }
        return new Options(values);
    }

    public static Options of(Map<String, String> values) {
        return new Options(new LinkedHashMap<>(values));
    }

    public String string(String key, String dflt) {
        String v = given.getOrDefault(key, dflt);
        effective.put(key, v == null ? "" : v);
        return v;
    }

    public int integer(String key, int dflt) {
        String v = string(key, Integer.toString(dflt));
        try {
            return Integer.parseInt(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a whole number, was \"" + v + "\"");
        }
    }

    public double number(String key, double dflt) {
        String v = string(key, Double.toString(dflt));
        try {
            return Double.parseDouble(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a number, was \"" + v + "\"");
        }
    }

    public boolean flag(String key) {
        return Boolean.parseBoolean(string(key, "false"));
    }

    /** Seconds, as a plain number ({@code --duration=30}) or with a unit ({@code 500ms}, {@code 2m}). */
    public Duration duration(String key, Duration dflt) {
        String v = string(key, dflt.toMillis() % 1000 == 0 ? dflt.toSeconds() + "s" : dflt.toMillis() + "ms");
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("m")) {
                return Duration.ofSeconds(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60));
            }
            String s = v.endsWith("s") ? v.substring(0, v.length() - 1) : v;
            return Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a duration like 30, 30s, 500ms or 2m, was \""
                    + v + "\"");
        }
    }

    /** Flags given but never read: misspellings. */
    public Set<String> unused() {
        Set<String> unused = new TreeSet<>(given.keySet());
        unused.removeAll(effective.keySet());
        return unused;
    }

    public Map<String, String> effective() {
        return Collections.unmodifiableMap(effective);
    }
}
