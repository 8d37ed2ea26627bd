package org.ferry.bench;

import io.netty.util.ResourceLeakDetector;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.ferry.bench.ceiling.EchoScenario;
import org.ferry.bench.ceiling.EchoServer;
import org.ferry.bench.ceiling.FsyncScenario;
import org.ferry.bench.ceiling.HandoffScenario;
import org.ferry.bench.ceiling.RocksDbScenario;
import org.ferry.bench.client.ClientTransport;
import org.ferry.bench.client.WsClient;
import org.ferry.bench.load.Metrics;
import org.ferry.bench.load.Timeline;
import org.ferry.bench.report.PhaseSummary;
import org.ferry.bench.report.Report;
import org.ferry.bench.report.ReportWriter;
import org.ferry.bench.scenario.ChannelScenario;
import org.ferry.bench.scenario.ChatScenario;
import org.ferry.bench.scenario.Context;
import org.ferry.bench.scenario.IdleScenario;
import org.ferry.bench.scenario.Scenario;
import org.ferry.bench.scenario.SignupScenario;
import org.ferry.bench.scenario.SurgeScenario;
import org.ferry.bench.server.ChildServer;
import org.ferry.bench.server.CompilerCpu;
import org.ferry.bench.server.EmbeddedServer;
import org.ferry.bench.server.ExternalServer;
import org.ferry.bench.server.ServerProbe;
import org.ferry.bench.server.Target;

/**
 * {@code ferry bench <scenario> [--key=value ...]}: starts (or finds) the server, runs one scenario, and writes
 * the table, {@code report.json} and {@code chart.svg}. The composition root of the bench.
 */
public final class BenchMain {
    static final Map<String, Supplier<Scenario>> SCENARIOS = new LinkedHashMap<>();

    static {
        SCENARIOS.put("signup", SignupScenario::new);
        SCENARIOS.put("chat", ChatScenario::new);
        SCENARIOS.put("channel", ChannelScenario::new);
        SCENARIOS.put("idle", IdleScenario::new);
        SCENARIOS.put("surge", SurgeScenario::new);
        SCENARIOS.put("echo", EchoScenario::new);
        SCENARIOS.put("fsync", FsyncScenario::new);
        SCENARIOS.put("rocksdb", RocksDbScenario::new);
        SCENARIOS.put("handoff", HandoffScenario::new);
    }

    private static final String USAGE = """
            usage: ferry bench <scenario> [--key=value ...]
              scenarios: signup chat channel idle surge   (Ferry)
                         echo fsync rocksdb handoff       (ceilings: bare Netty WebSocket, disk fsync, RocksDB JMH,
                                                           a thread waking another)
              where the server runs:
                --server=child        (default) a Ferry node in a child JVM the bench starts, RocksDB in --data-dir
                                      (default <out>/data, deleted afterwards unless --keep-data)
                --server=embedded     the node inside the bench's own JVM (tests)
                --server=external --url=ws://127.0.0.1:8080/ws --code-log=FILE [--admin-url=http://127.0.0.1:8090]
                                      [--server-pid=PID] [--data-dir=DIR]   a server started with ./ferry run
                --server-cpus=0 --bench-cpus=1   pin with taskset     --server-heap=4g   --server-jvm-opts="..."
                --server-codes-rate=10000        the child node's codes.rate (login codes per second to the sender)
                --server-signup-concurrency=N    the child node's signup.concurrency (default: the server's)
                --server-io-threads=N            the child node's io.threads: its data port's event loops (0: 2/core)
                --client-threads=N               client event loops (default: CPUs)      --out=DIR   output directory
                --client-transport=auto          the client's sockets: io_uring, epoll or nio (auto: first that loads)
                --connections-per-source=25000   then the next source address (127.0.0.2, 127.0.0.3, ...)
              sizes: signup --users --rate --connections | chat --users --rate --duration --warmup --group-size
                     chat --jit-warmup-max=30s   the most the warm-up goes on while a JIT still compiles (0: fixed)
                     channel --subscribers --online --rate --duration | idle --sessions --hold
                     surge --users --rate --signup-rate --phase --flood-nice | echo --connections --rate --duration
                     echo --fanout=chat [--group-size=5 --group-share=0.5]   chat's frames: ack + push to each member
                     fsync --duration --size --dir --mode=append|overwrite --file-mb
                     rocksdb --threads=1,2,4,16,64 --time=3s --iterations=3
                     handoff --duration [--bench-cpus=0: both threads on one CPU]
            """;

    private BenchMain() {
    }

    public static void main(String[] args) {
        // Netty's leak detector samples buffers and records stack traces: a test-time tool, off in the load
        // generator as in the server (`./ferry run`, child servers) unless asked for with the system property.
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        if (args.length == 0 || !SCENARIOS.containsKey(args[0])) {
            System.err.print(USAGE);
            System.exit(args.length == 0 || args[0].equals("help") || args[0].equals("--help") ? 0 : 2);
        }
        try {
            Report report = run(args[0], Options.parse(args, 1), System.out);
            System.exit(report == null ? 1 : 0);
        } catch (IllegalArgumentException e) {
            System.err.println("ferry bench: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** Runs one scenario end to end and returns its report (also written to the output directory). */
    public static Report run(String name, Options options, PrintStream out) throws Exception {
        Scenario scenario = SCENARIOS.get(name).get();
        String startedAt = LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path outDir = Path.of(options.string("out", "bench-results/" + name + "-" + startedAt));
        Files.createDirectories(outDir);
        String benchCpus = options.string("bench-cpus", "");
        if (!benchCpus.isBlank()) {
            pin(benchCpus, out);
        }
        Map<String, Object> machine = Machine.describe();
        Metrics metrics = new Metrics();
        Target target = null;
        WsClient client = null;
        Path tempData = null;
        Map<String, Object> results;
        Timeline timeline = null;
        try {
            if (scenario.needsFerry() || name.equals("echo")) {
                String mode = options.string("server", "child");
                String dataDirOption = options.string("data-dir", "");
                if (!mode.equals("external") && dataDirOption.isBlank()) {
                    tempData = outDir.resolve("data");
                }
                Path dataDir = dataDirOption.isBlank() ? tempData : Path.of(dataDirOption);
                target = name.equals("echo") ? echoTarget(mode, options, outDir) : ferryTarget(mode, options, outDir,
                        dataDir);
                out.println("bench: " + target.describe());
                client = new WsClient(target.webSocket(),
                        ClientTransport.named(options.string("client-transport", ClientTransport.AUTO)),
                        options.integer("client-threads", Runtime.getRuntime().availableProcessors()),
                        options.integer("connections-per-source", WsClient.CONNECTIONS_PER_SOURCE), "bench-io");
                machine.put("server", target.describe());
                machine.put("clientTransport", client.transport().name());
            }
            machine.put("benchCpus", benchCpus.isBlank() ? "not pinned" : benchCpus);
            machine.put("serverCpus", options.string("server-cpus", "").isBlank() ? "not pinned"
                    : options.string("server-cpus", ""));
            // CPU used per second, in ms: 1,000 is one core busy. Shows who eats the 2 cores the floors allow.
            long self = ProcessHandle.current().pid();
            metrics.sampled("cpu.bench(ms)", () -> ServerProbe.cpuMillis(self));
            metrics.sampled("cpu.benchJit(ms)", new CompilerCpu(self));
            metrics.sampled("cpu.machineIdle(ms)", () -> Machine.cpuStateMillis(4));
            metrics.sampled("cpu.machineSteal(ms)", () -> Machine.cpuStateMillis(8));
            if (target != null && target.pid().isPresent() && target.pid().getAsLong() != self) {
                long server = target.pid().getAsLong();
                metrics.sampled("cpu.server(ms)", () -> ServerProbe.cpuMillis(server));
                metrics.sampled("cpu.serverJit(ms)", new CompilerCpu(server));
            }
            timeline = new Timeline(name, metrics, out);
            results = scenario.run(new Context(target, client, metrics, timeline, options, outDir, out));
        } finally {
            if (timeline != null) {
                timeline.close();
            }
            if (client != null) {
                client.close();
            }
            if (target != null) {
                target.close();
            }
            if (tempData != null && !options.flag("keep-data")) {
                deleteTree(tempData);
            }
        }
        if (!options.unused().isEmpty()) {
            out.println("bench: WARNING: options not used by " + name + ": " + options.unused());
            results.put("unusedOptions", String.join(",", options.unused()));
        }
        List<Timeline.Second> seconds = timeline.seconds();
        Report report = new Report(name, startedAt, new LinkedHashMap<>(options.effective()), machine,
                PhaseSummary.of(seconds), results, ReportWriter.rows(seconds));
        ReportWriter.write(report, outDir, out);
        return report;
    }

    private static Target ferryTarget(String mode, Options o, Path outDir, Path dataDir) throws Exception {
        return switch (mode) {
            case "embedded" -> EmbeddedServer.start(dataDir, o.integer("port", 0), o.integer("admin-port", 0));
            case "child" -> ChildServer.start(EmbeddedServer.class.getName(),
                    List.of(dataDir.toString(), "0", "0", o.string("server-codes-rate", "10000"),
                            o.string("server-signup-concurrency",
                                    Integer.toString(org.ferry.core.CoreConfig.defaults().signupConcurrency())),
                            Integer.toString(o.integer("server-io-threads", 0))),
                    jvmOptions(o),
                    o.string("server-cpus", ""),
                    outDir.resolve("server.log"), dataDir, "Ferry node in a child JVM");
            case "external" -> {
                String pid = o.string("server-pid", "");
                String admin = o.string("admin-url", "http://127.0.0.1:8090");
                String codeLog = o.string("code-log", "");
                String dir = o.string("data-dir", "");
                yield new ExternalServer(URI.create(o.string("url", "ws://127.0.0.1:8080/ws")),
                        admin.isBlank() ? null : URI.create(admin), pid.isBlank() ? null : Long.parseLong(pid),
                        dir.isBlank() ? null : Path.of(dir), codeLog.isBlank() ? null : Path.of(codeLog));
            }
            default -> throw new IllegalArgumentException("--server must be child, embedded or external, was " + mode);
        };
    }

    private static Target echoTarget(String mode, Options o, Path outDir) throws Exception {
        int ioThreads = o.integer("io-threads", 0);
        if (mode.equals("embedded")) {
            return new InProcessEcho(EchoServer.start(0, ioThreads));
        }
        return ChildServer.start(EchoServer.class.getName(), List.of("0", Integer.toString(ioThreads)),
                jvmOptions(o), o.string("server-cpus", ""), outDir.resolve("server.log"), null,
                "bare Netty WebSocket echo server in a child JVM");
    }

    private static List<String> jvmOptions(Options o) {
        String extra = o.string("server-jvm-opts", "");
        return ChildServer.jvmOptions(o.string("server-heap", "4g"),
                extra.isBlank() ? List.of() : List.of(extra.trim().split("\\s+")));
    }

    /** Pins every thread of this JVM (and those it starts later) to {@code cpus}. */
    private static void pin(String cpus, PrintStream out) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, Long.toString(ProcessHandle.current().pid()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IllegalArgumentException("taskset could not pin the bench to CPUs " + cpus);
        }
        out.println("bench: load generator pinned to CPUs " + cpus);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }


    /** The echo ceiling inside this JVM (tests). */
    private record InProcessEcho(EchoServer echo) implements Target {
        @Override
        public URI webSocket() {
            return URI.create("ws://127.0.0.1:" + echo.port() + "/ws");
        }

        @Override
        public org.ferry.bench.server.CodeBox codes() {
            return new org.ferry.bench.server.CodeBox();
        }

        @Override
        public java.util.OptionalLong pid() {
            return java.util.OptionalLong.of(ProcessHandle.current().pid());
        }

        @Override
        public java.util.Optional<URI> admin() {
            return java.util.Optional.empty();
        }

        @Override
        public java.util.Optional<Path> dataDir() {
            return java.util.Optional.empty();
        }

        @Override
        public String describe() {
            return "bare Netty WebSocket echo server in the bench's JVM";
        }

        @Override
        public void close() {
            echo.close();
        }
    }

    static List<String> names() {
        return new ArrayList<>(SCENARIOS.keySet());
    }
}
