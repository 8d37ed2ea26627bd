package org.ferry.bench.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import org.ferry.core.CoreConfig;
import org.ferry.core.FerryCore;
import org.ferry.core.auth.CodeSender;
import org.ferry.core.push.LocalPushBus;
import org.ferry.gateway.Gateway;
import org.ferry.gateway.GatewayConfig;
import org.ferry.store.rocksdb.RocksDbStores;

/**
 * A real Ferry node in this JVM, wired like {@code org.ferry.server.Main} (RocksDB store, local push bus, core,
 * gateway on real sockets) with unlimited rate limits and a code sender the bench can read. Used in-process by the
 * smoke tests, and through {@link #main} as the child JVM of {@link ChildServer}, which prints each login code on
 * stdout as {@code CODE <phone> <code>} because the bench signs up thousands of accounts a second.
 */
public final class EmbeddedServer implements Target {
    private final RocksDbStores stores;
    private final LocalPushBus bus;
    private final FerryCore core;
    private final Gateway gateway;
    private final CodeBox codes;
    private final Path dataDir;

    private EmbeddedServer(RocksDbStores stores, LocalPushBus bus, FerryCore core, Gateway gateway, CodeBox codes,
                           Path dataDir) {
        this.stores = stores;
        this.bus = bus;
        this.core = core;
        this.gateway = gateway;
        this.codes = codes;
        this.dataDir = dataDir;
    }

    /** Starts a node over {@code dataDir} on loopback; port 0 picks a free one. */
    public static EmbeddedServer start(Path dataDir, int port, int adminPort) throws InterruptedException {
        CodeBox codes = new CodeBox();
        return start(dataDir, port, adminPort, CoreConfig.defaults().codeSendRate(),
                CoreConfig.defaults().signupConcurrency(), 0, codes, codes);
    }

    /**
     * @param codesRate login codes per second handed to the sender at most, like the server's codes.rate
     * @param ioThreads event loops of the data port, like the server's io.threads (0: Netty's default, 2 x cores)
     */
    private static EmbeddedServer start(Path dataDir, int port, int adminPort, double codesRate,
                                        int signupConcurrency, int ioThreads, CodeSender sender, CodeBox codes)
            throws InterruptedException {
        RocksDbStores stores = RocksDbStores.open(dataDir);
        LocalPushBus bus = new LocalPushBus();
        CoreConfig d = CoreConfig.defaults();
        CoreConfig config = new CoreConfig(d.nodeId(), d.codeTtl(), d.codeAttempts(), d.codeQueueCapacity(),
                codesRate, CoreConfig.RateLimits.unlimited(), signupConcurrency);
        FerryCore core = FerryCore.create(config, stores, bus, sender, Clock.systemUTC());
        try {
            Gateway gateway = Gateway.start(GatewayConfig.defaults().withData("127.0.0.1", port)
                            .withAdmin("127.0.0.1", adminPort).withIoThreads(ioThreads),
                    core.rpc(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> true);
            return new EmbeddedServer(stores, bus, core, gateway, codes, dataDir);
        } catch (InterruptedException | RuntimeException e) {
            core.close();
            bus.close();
            stores.close();
            throw e;
        }
    }

    @Override
    public URI webSocket() {
        return URI.create("ws://127.0.0.1:" + gateway.dataAddress().getPort() + "/ws");
    }

    @Override
    public CodeBox codes() {
        return codes;
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.of(ProcessHandle.current().pid());
    }

    @Override
    public Optional<URI> admin() {
        return Optional.of(URI.create("http://127.0.0.1:" + gateway.adminAddress().getPort()));
    }

    @Override
    public Optional<Path> dataDir() {
        return Optional.of(dataDir);
    }

    @Override
    public String describe() {
        return "in-process server (same JVM as the load generator), RocksDB in " + dataDir;
    }

    @Override
    public void close() {
        gateway.close();
        core.close();
        bus.close();
        stores.close();
    }

    /**
     * Child-JVM entry: {@code <dataDir> <port> <adminPort> [codesRate [signupConcurrency [ioThreads]]]}; prints
     * READY, then CODE lines; stops on stdin EOF.
     */
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, "UTF-8");
        CodeSender printer = new CodeSender() {
            @Override
            public void send(String phone, String code) {
                out.println("CODE " + phone + " " + code);
            }

            @Override
            public String name() {
                return "bench-stdout";
            }
        };
        double codesRate = args.length > 3 ? Double.parseDouble(args[3]) : CoreConfig.defaults().codeSendRate();
        int signups = args.length > 4 ? Integer.parseInt(args[4]) : CoreConfig.defaults().signupConcurrency();
        int ioThreads = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        EmbeddedServer server = start(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                codesRate, signups, ioThreads, printer, new CodeBox());
        out.println("READY " + server.gateway.dataAddress().getPort() + " " + server.gateway.adminAddress().getPort());
        // The parent holds our stdin open; when it goes away (end of run, or the bench died) we stop.
        while (System.in.read() >= 0) {
            // ignore
        }
        server.close();
        System.exit(0);
    }
}
