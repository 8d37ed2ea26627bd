package org.ferry.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Ferry server in a child JVM with this module's test class path, so the web client under
 * target/classes/web is what the gateway serves. Ports are chosen once, so a restart comes back on the same
 * address (the pages keep their URL), and the RocksDB directory survives it. Login codes are read from the
 * dev-mode log line, the way a developer reads them. Not thread-safe; one per test class.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern CODE = Pattern.compile("DEV login code for (\\+\\d+): (\\d+)");

    private final Path dataDir;
    private final int httpPort = freePort();
    private final int adminPort = freePort();
    private final Map<String, String> codes = new ConcurrentHashMap<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private Process process;

    ServerProcess(Path dataDir) {
        this.dataDir = dataDir;
    }

    ServerProcess start() {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = List.of(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                "org.ferry.server.Main", "--http.host=127.0.0.1", "--http.port=" + httpPort,
                "--admin.host=127.0.0.1", "--admin.port=" + adminPort, "--data.dir=" + dataDir,
                "--store=rocksdb", "--limits.profile=unlimited");
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process p = process;
        Thread.ofPlatform().daemon().name("ferry-server-log").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    log.add(line);
                    Matcher m = CODE.matcher(line);
                    if (m.find()) {
                        codes.put(m.group(1), m.group(2));
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        awaitReady();
        return this;
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited with " + process.exitValue() + ":\n" + String.join("\n", log));
            }
            try {
                var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(100);
        }
        throw new IllegalStateException("server not ready after 60 s:\n" + String.join("\n", log));
    }

    /** Waits for the next login code logged for {@code phone} (E.164) and forgets it. */
    String takeCode(String phone) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            String code = codes.remove(phone);
            if (code != null) {
                return code;
            }
            sleep(20);
        }
        throw new AssertionError("the server logged no code for " + phone);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + httpPort + "/";
    }

    /** SIGTERM and wait: the clean shutdown a restart goes through. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    List<String> log() {
        return List.copyOf(log);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
