package org.ferry.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ferry.core.CoreConfig;
import org.ferry.core.FerryCore;
import org.ferry.core.auth.CodeSender;
import org.ferry.core.auth.DevCodeSender;
import org.ferry.core.auth.WebhookCodeSender;
import org.ferry.core.push.LocalPushBus;
import org.ferry.core.push.PushBus;
import org.ferry.core.store.Stores;
import org.ferry.core.store.memory.InMemoryStores;
import org.ferry.gateway.Gateway;
import org.ferry.gateway.GatewayConfig;
import org.ferry.store.rocksdb.RocksDbStores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of a Ferry node: reads the configuration, opens the store, builds the push bus, the
 * code sender and the core, and starts the gateway; on SIGTERM it takes them down in the reverse order. Every
 * piece is built here, explicitly, by constructor.
 */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        ServerConfig config;
        try {
            config = ServerConfig.load(args, System.getenv(), Path.of("ferry.properties"));
        } catch (ConfigException e) {
            System.err.println("ferry: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            Node node = start(config);
            Runtime.getRuntime().addShutdownHook(new Thread(node::stop, "ferry-shutdown"));
        } catch (Exception e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                // epoll reports EADDRINUSE as Netty's NativeIoException, NIO as BindException
                if (t instanceof java.net.BindException
                        || String.valueOf(t.getMessage()).contains("Address already in use")) {
                    System.err.println("ferry: cannot listen on " + config.httpHost() + ":" + config.httpPort() + " or "
                            + config.adminHost() + ":" + config.adminPort() + " (" + t.getMessage()
                            + "): is another server running? Choose other ports with --http.port / --admin.port.");
                    System.exit(1);
                }
            }
            log.error("Ferry failed to start", e);
            System.exit(1);
        }
    }

    /** A running node: what {@link #stop()} must close, in order. */
    record Node(Gateway gateway, FerryCore core, PushBus bus, Stores stores, AtomicBoolean storeOpen) {
        void stop() {
            log.info("stopping: no new connections");
            gateway.stopAccepting();
            log.info("stopping: closing client connections and the admin port");
            gateway.close();
            log.info("stopping: closing the core");
            core.close();
            log.info("stopping: closing the push bus");
            bus.close();
            log.info("stopping: closing the store");
            storeOpen.set(false);
            stores.close();
            log.info("stopped");
        }
    }

    static Node start(ServerConfig config) throws InterruptedException {
        log.info("starting Ferry: {}", config);
        Stores stores = openStore(config);
        AtomicBoolean storeOpen = new AtomicBoolean(true);
        PushBus bus = new LocalPushBus();
        FerryCore core = FerryCore.create(coreConfig(config), stores, bus, codeSender(config), Clock.systemUTC());
        try {
            GatewayConfig gateway = GatewayConfig.defaults()
                    .withData(config.httpHost(), config.httpPort())
                    .withAdmin(config.adminHost(), config.adminPort())
                    .withIoThreads(config.ioThreads());
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            Gateway started = Gateway.start(gateway, core.rpc(), registry, storeOpen::get);
            log.info("Ferry is up: http://localhost:{}/ (admin on {}:{})", config.httpPort(), config.adminHost(),
                    config.adminPort());
            return new Node(started, core, bus, stores, storeOpen);
        } catch (InterruptedException | RuntimeException e) {
            core.close();
            bus.close();
            stores.close();
            throw e;
        }
    }

    private static Stores openStore(ServerConfig config) {
        return switch (config.store()) {
            case MEMORY -> {
                log.warn("store=memory: nothing is persisted; every account and message is lost when the process stops");
                yield new InMemoryStores();
            }
            case ROCKSDB -> {
                log.info("opening the RocksDB store in {}", config.dataDir().toAbsolutePath().normalize());
                yield RocksDbStores.open(config.dataDir());
            }
        };
    }

    private static CodeSender codeSender(ServerConfig config) {
        return switch (config.codesSender()) {
            case DEV -> {
                log.warn("!".repeat(100));
                log.warn("DEV MODE: login codes are printed to this log; configure an SMS gateway for production "
                        + "(codes.sender=webhook)");
                log.warn("!".repeat(100));
                yield new DevCodeSender(true);
            }
            case WEBHOOK -> new WebhookCodeSender(URI.create(config.codesWebhookUrl().reveal()));
        };
    }

    private static CoreConfig coreConfig(ServerConfig config) {
        CoreConfig defaults = CoreConfig.defaults();
        CoreConfig.RateLimits limits = switch (config.limitsProfile()) {
            case DEFAULT -> CoreConfig.RateLimits.defaults();
            case UNLIMITED -> {
                log.warn("limits.profile=unlimited: rate limits are off; use this for benchmarks and tests only");
                yield CoreConfig.RateLimits.unlimited();
            }
        };
        return new CoreConfig(config.nodeId(), config.codesTtl(), defaults.codeAttempts(),
                defaults.codeQueueCapacity(), config.codesRate(), limits, config.signupConcurrency(),
                config.signupNice());
    }
}
