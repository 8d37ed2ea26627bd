package org.ferry.bench.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A server in its own JVM on this machine, optionally pinned to CPUs with {@code taskset}: either a Ferry node
 * ({@link EmbeddedServer#main}) or the bare echo ceiling. Its own process, so its RSS is its own and it can be
 * profiled with {@code jcmd}. Reads {@code READY <port> <adminPort>} and {@code CODE <phone> <code>} from its stdout;
 * its stderr (the server log) goes to a file. It stops when its stdin closes. Thread-safe.
 */
public final class ChildServer implements Target {
    private final Process process;
    private final CodeBox codes = new CodeBox();
    private final CompletableFuture<int[]> ready = new CompletableFuture<>();
    private final Path dataDir;
    private final String description;
    private int port;
    private int adminPort;

    private ChildServer(List<String> command, Path log, Path dataDir, String description) {
        this.dataDir = dataDir;
        this.description = description + ": " + String.join(" ", command.stream()
                .filter(a -> !a.contains(java.io.File.pathSeparator) || a.length() < 80).toList());
        try {
            process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.getFirst(), e);
        }
        Thread.ofPlatform().daemon().name("child-server-stdout").start(this::readStdout);
    }

    /**
     * Starts {@code mainClass} with this JVM's class path and waits until it listens.
     *
     * @param cpus a taskset CPU list ("0", "0-1"), or null not to pin
     */
    public static ChildServer start(String mainClass, List<String> args, List<String> jvmOptions, String cpus,
                                    Path log, Path dataDir, String description) {
        List<String> cmd = new ArrayList<>();
        if (cpus != null && !cpus.isBlank()) {
            cmd.addAll(List.of("taskset", "-c", cpus));
        }
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(args);
        ChildServer child = new ChildServer(cmd, log, dataDir, description);
        try {
            int[] ports = child.ready.get(120, TimeUnit.SECONDS);
            child.port = ports[0];
            child.adminPort = ports[1];
            return child;
        } catch (Exception e) {
            child.close();
            throw new IllegalStateException("the server did not start; see " + log, e);
        }
    }

    /** Options every child JVM gets: what {@code ./ferry run} passes, plus heap settings. */
    public static List<String> jvmOptions(String heap, List<String> extra) {
        // The same production options as `./ferry run`, so the bench measures the server people run.
        List<String> opts = new ArrayList<>(List.of("-XX:+ExitOnOutOfMemoryError",
                "-Dio.netty.leakDetection.level=disabled", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30",
                "-XX:MaxTenuringThreshold=2"));
        int java = Runtime.version().feature();
        if (java >= 22) {
            opts.add("--enable-native-access=ALL-UNNAMED");
        }
        if (java >= 23) {
            opts.add("--sun-misc-unsafe-memory-access=allow");
        }
        if (heap != null && !heap.isBlank()) {
            opts.add("-Xmx" + heap);
        }
        opts.addAll(extra);
        return opts;
    }

    private void readStdout() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("CODE ")) {
                    int space = line.indexOf(' ', 5);
                    codes.send(line.substring(5, space), line.substring(space + 1));
                } else if (line.startsWith("READY ")) {
                    String[] parts = line.split(" ");
                    ready.complete(new int[] {Integer.parseInt(parts[1]),
                            parts.length > 2 ? Integer.parseInt(parts[2]) : 0});
                }
            }
        } catch (IOException e) {
            // the child died; close() or the scenario's sockets will notice
        }
        ready.completeExceptionally(new IllegalStateException("the server exited"));
    }

    public int port() {
        return port;
    }

    @Override
    public URI webSocket() {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    @Override
    public CodeBox codes() {
        return codes;
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.of(process.pid());
    }

    @Override
    public Optional<URI> admin() {
        return adminPort == 0 ? Optional.empty() : Optional.of(URI.create("http://127.0.0.1:" + adminPort));
    }

    @Override
    public Optional<Path> dataDir() {
        return Optional.ofNullable(dataDir);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }
}
