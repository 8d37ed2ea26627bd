package org.ferry.e2e;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Ferry server in a child JVM, started the way the launcher starts it (main class and CLI flags), on
 * free ports with a RocksDB data directory the test owns. Login codes are read from its log, exactly as
 * a developer reads them in dev mode. Can be stopped (SIGTERM) or killed (SIGKILL) and started again on
 * the same ports and directory, so a client sees the same server come back.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern CODE = Pattern.compile("DEV login code for (\\+\\d+): (\\d{6})");

    private final Path dataDir;
    private final int httpPort;
    private final int adminPort;
    private final List<String> extraArgs;
    private final Map<String, String> codes = new ConcurrentHashMap<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private Process process;

    ServerProcess(Path dataDir, String... extraArgs) {
        this.dataDir = dataDir;
        this.httpPort = freePort();
        this.adminPort = freePort();
        this.extraArgs = List.of(extraArgs);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ServerProcess start() {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "org.ferry.server.Main",
                "--http.host=127.0.0.1", "--http.port=" + httpPort,
                "--admin.host=127.0.0.1", "--admin.port=" + adminPort,
                "--data.dir=" + dataDir, "--store=rocksdb", "--limits.profile=unlimited"));
        cmd.addAll(extraArgs);
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process p = process;
        Thread.ofPlatform().daemon().name("server-log").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    log.add(line);
                    Matcher m = CODE.matcher(line);
                    if (m.find()) {
                        codes.put(m.group(1), m.group(2));
                    }
                }
            } catch (IOException ignored) {
                // the process died; the test notices through its sockets
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
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
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

    /** Waits for the next code the server logs for {@code phone} (E.164) and forgets it. */
    String takeCode(String phone) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            String code = codes.remove(phone);
            if (code != null) {
                return code;
            }
            sleep(10);
        }
        throw new AssertionError("the server logged no code for " + phone);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + httpPort + "/";
    }

    URI ws() {
        return URI.create("ws://127.0.0.1:" + httpPort + "/ws");
    }

    URI http(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    URI admin(String path) {
        return URI.create("http://127.0.0.1:" + adminPort + path);
    }

    List<String> log() {
        return List.copyOf(log);
    }

    /** SIGKILL: no shutdown hook, no flush — what a power cut or OOM killer does. */
    void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** SIGTERM: the clean shutdown path. Returns the exit code. */
    int stop() {
        process.destroy();
        return waitFor();
    }

    private int waitFor() {
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
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
            waitFor();
        }
    }
}
