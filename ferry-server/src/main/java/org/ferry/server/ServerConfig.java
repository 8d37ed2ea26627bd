package org.ferry.server;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node's configuration: immutable, validated when built, so a bad value stops the start with a message that
 * names its key. Values come from, in rising precedence, a properties file ({@code --config path}, else
 * {@code ./ferry.properties} if present), environment variables ({@code FERRY_HTTP_PORT} for {@code http.port})
 * and command-line flags ({@code --http.port=8081}).
 *
 * @param httpHost data-port address
 * @param httpPort data port (WebSocket, HTTP API, web client)
 * @param adminHost admin-port address; loopback by default, since metrics are not for the public
 * @param adminPort admin port (metrics, health, readiness)
 * @param ioThreads data-port event-loop threads; 0 lets Netty choose
 * @param dataDir where the embedded store keeps its files
 * @param store which store backend to open
 * @param nodeId this node's id in generated ids, unique per cluster (the range is the core's)
 * @param codesSender how login codes leave the system
 * @param codesWebhookUrl the SMS gateway's URL, for {@code codes.sender=webhook}; a secret, as it often holds a token
 * @param codesRate login codes per second handed to the sender at most
 * @param codesTtl how long a login code stays valid ({@code 300s}, {@code 5m}, or ISO-8601 {@code PT5M})
 * @param limitsProfile rate-limit profile
 * @param signupConcurrency the most sign-up calls (sendCode, signIn, signUp) served at once; the core's
 *        admission adapts below it so that a sign-up surge leaves the machine to the people already chatting
 * @param signupNice the nice value (1-19) of sign-up work while people chat; 0: normal priority
 */
public record ServerConfig(String httpHost, int httpPort, String adminHost, int adminPort, int ioThreads,
                           Path dataDir, StoreKind store, int nodeId, CodesSender codesSender,
                           Secret codesWebhookUrl, double codesRate, Duration codesTtl,
                           LimitsProfile limitsProfile, int signupConcurrency, int signupNice) {

    /** Store backends. */
    public enum StoreKind { ROCKSDB, MEMORY }

    /** Login-code senders: the log (development) or an HTTP webhook (an SMS gateway). */
    public enum CodesSender { DEV, WEBHOOK }

    /** Rate-limit profiles; {@code unlimited} is for benchmarks and tests driven from one address. */
    public enum LimitsProfile { DEFAULT, UNLIMITED }

    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h)");

    /** Every key, with its default (null: none). The order is the one documented in README.md. */
    static final Map<String, String> DEFAULTS;

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("http.host", "127.0.0.1");
        d.put("http.port", "8080");
        d.put("admin.host", "127.0.0.1");
        d.put("admin.port", "8090");
        d.put("io.threads", "0");
        d.put("data.dir", "./data");
        d.put("store", "rocksdb");
        d.put("node.id", "0");
        d.put("codes.sender", "dev");
        d.put("codes.webhook.url", null);
        d.put("codes.rate", "10000");
        d.put("codes.ttl", "5m");
        d.put("limits.profile", "default");
        d.put("signup.concurrency", Integer.toString(org.ferry.core.CoreConfig.defaults().signupConcurrency()));
        d.put("signup.nice", Integer.toString(org.ferry.core.CoreConfig.defaults().signupNice()));
        DEFAULTS = java.util.Collections.unmodifiableMap(d);
    }

    public ServerConfig {
        checkPort("http.port", httpPort);
        checkPort("admin.port", adminPort);
        if (httpPort == adminPort && httpPort != 0) {
            throw new ConfigException("admin.port", "must differ from http.port, both are " + httpPort);
        }
        if (ioThreads < 0 || ioThreads > 1024) {
            throw new ConfigException("io.threads", "must be 0-1024 (0: automatic), was " + ioThreads);
        }
        try {
            // The core owns the id layout and hence the range of node ids.
            org.ferry.core.CoreConfig.defaults().withNodeId(nodeId);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("node.id", e.getMessage());
        }
        if (!(codesRate > 0) || Double.isInfinite(codesRate)) {
            throw new ConfigException("codes.rate", "must be a positive number of codes per second, was " + codesRate);
        }
        if (codesTtl.isNegative() || codesTtl.isZero()) {
            throw new ConfigException("codes.ttl", "must be positive, was " + codesTtl);
        }
        if (signupConcurrency < 1 || signupConcurrency > 100_000) {
            throw new ConfigException("signup.concurrency", "must be 1-100000, was " + signupConcurrency);
        }
        if (signupNice < 0 || signupNice > 19) {
            throw new ConfigException("signup.nice", "must be 0-19 (0: normal priority), was " + signupNice);
        }
        if (codesSender == CodesSender.WEBHOOK && codesWebhookUrl == null) {
            throw new ConfigException("codes.webhook.url", "is required when codes.sender=webhook");
        }
    }

    private static void checkPort(String key, int port) {
        if (port < 1 || port > 65_535) {
            throw new ConfigException(key, "must be 1-65535, was " + port);
        }
    }

    /**
     * Reads the configuration of a process.
     *
     * @param args command-line arguments: {@code --config path}, {@code --config=path}, {@code --key=value}
     * @param env the environment ({@code System.getenv()})
     * @param defaultFile read when no {@code --config} is given, if it exists
     */
    public static ServerConfig load(String[] args, Map<String, String> env, Path defaultFile) {
        Path file = null;
        Map<String, String> cli = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--config")) {
                if (i + 1 >= args.length) {
                    throw new ConfigException("--config", "needs a file name");
                }
                file = Path.of(args[++i]);
            } else if (arg.startsWith("--config=")) {
                file = Path.of(arg.substring("--config=".length()));
            } else if (arg.startsWith("--") && arg.indexOf('=') > 2) {
                String key = arg.substring(2, arg.indexOf('='));
                checkKnown(key, "command line");
                cli.put(key, arg.substring(arg.indexOf('=') + 1));
            } else {
                throw new ConfigException(arg, "unknown argument; use --key=value or --config path (keys: "
                        + String.join(", ", DEFAULTS.keySet()) + ")");
            }
        }
        Map<String, String> values = new HashMap<>(DEFAULTS);
        values.putAll(readFile(file != null ? file : defaultFile, file != null));
        for (String key : DEFAULTS.keySet()) {
            String value = env.get(envName(key));
            if (value != null) {
                values.put(key, value);
            }
        }
        values.putAll(cli);
        return from(values);
    }

    /** {@code http.port} → {@code FERRY_HTTP_PORT}. */
    static String envName(String key) {
        return "FERRY_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private static Map<String, String> readFile(Path file, boolean required) {
        if (!Files.exists(file)) {
            if (required) {
                throw new ConfigException("--config", "no such file: " + file);
            }
            return Map.of();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("--config", "cannot read " + file + ": " + e.getMessage());
        }
        Map<String, String> values = new HashMap<>();
        for (String key : properties.stringPropertyNames()) {
            checkKnown(key, file.toString());
            values.put(key, properties.getProperty(key).trim());
        }
        return values;
    }

    private static void checkKnown(String key, String source) {
        if (!DEFAULTS.containsKey(key)) {
            throw new ConfigException(key, "unknown key in " + source + " (keys: "
                    + String.join(", ", DEFAULTS.keySet()) + ")");
        }
    }

    private static ServerConfig from(Map<String, String> v) {
        String webhook = blankToNull(v.get("codes.webhook.url"));
        return new ServerConfig(
                host("http.host", v), integer("http.port", v), host("admin.host", v), integer("admin.port", v),
                integer("io.threads", v), Path.of(text("data.dir", v)),
                choice("store", v, StoreKind.class), integer("node.id", v),
                choice("codes.sender", v, CodesSender.class),
                webhook == null ? null : webhookUrl(webhook),
                number("codes.rate", v), duration("codes.ttl", v), choice("limits.profile", v, LimitsProfile.class),
                integer("signup.concurrency", v), integer("signup.nice", v));
    }

    private static String text(String key, Map<String, String> v) {
        String value = blankToNull(v.get(key));
        if (value == null) {
            throw new ConfigException(key, "must not be empty");
        }
        return value;
    }

    private static String host(String key, Map<String, String> v) {
        String value = text(key, v);
        if (!value.matches("[A-Za-z0-9.:\\-\\[\\]]+")) {
            throw new ConfigException(key, "must be a host name or an IP address, was \"" + value + "\"");
        }
        return value;
    }

    private static int integer(String key, Map<String, String> v) {
        String value = text(key, v);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "must be a whole number, was \"" + value + "\"");
        }
    }

    private static double number(String key, Map<String, String> v) {
        String value = text(key, v);
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "must be a number, was \"" + value + "\"");
        }
    }

    private static Duration duration(String key, Map<String, String> v) {
        String value = text(key, v);
        Matcher m = DURATION.matcher(value);
        try {
            if (m.matches()) {
                long amount = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            }
            return Duration.parse(value);
        } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
            throw new ConfigException(key, "must be a duration such as 300s, 5m or PT5M, was \"" + value + "\"");
        }
    }

    private static <E extends Enum<E>> E choice(String key, Map<String, String> v, Class<E> type) {
        String value = text(key, v);
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            String name = constant.name().toLowerCase(Locale.ROOT);
            if (name.equals(value.toLowerCase(Locale.ROOT))) {
                return constant;
            }
            names.add(name);
        }
        throw new ConfigException(key, "must be one of " + String.join(", ", names) + ", was \"" + value + "\"");
    }

    /** Validated without echoing the value, which may hold a token. */
    private static Secret webhookUrl(String value) {
        try {
            URI uri = new URI(value);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new ConfigException("codes.webhook.url", "must be an absolute http or https URL");
            }
        } catch (URISyntaxException e) {
            throw new ConfigException("codes.webhook.url", "is not a valid URL");
        }
        return new Secret(value);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
