package org.ferry.core;

import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.function.DoubleSupplier;
import java.util.random.RandomGenerator;
import org.ferry.core.auth.AuthService;
import org.ferry.core.auth.CodeQueue;
import org.ferry.core.auth.CodeSender;
import org.ferry.core.chat.ChatService;
import org.ferry.core.chat.LogPublisher;
import org.ferry.core.id.IdGenerator;
import org.ferry.core.limit.LowPriorityExecutor;
import org.ferry.core.limit.RateLimiter;
import org.ferry.core.limit.SignupAdmission;
import org.ferry.core.message.MessageService;
import org.ferry.core.push.PushBus;
import org.ferry.core.rpc.FerryApi;
import org.ferry.core.store.Stores;
import org.ferry.core.sync.SyncService;
import org.ferry.core.user.PresenceService;
import org.ferry.core.user.UserService;

/**
 * The composition root of the domain: builds every service over one {@link Stores} backend and one
 * {@link PushBus}, and exposes the method table to the gateway. Thread-safe.
 */
public final class FerryCore implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(FerryCore.class);

    /** How often login codes that expired unused are deleted (they live {@code codeTtl}, 5 minutes by default). */
    private static final Duration CODE_SWEEP_INTERVAL = Duration.ofMinutes(1);

    /** Sign-up calls admitted at once at start; the admission adapts it (see {@link SignupAdmission}). */
    private static final int INITIAL_SIGNUP_CONCURRENCY = 16;
    /** The messaging service time (p95) that sign-ups may not push past: a tenth of the chat delivery goal. */
    private static final long MESSAGING_TARGET_NANOS = 20_000_000L;
    /**
     * Platform threads that run admitted sign-up calls at low priority while people chat. A call mostly waits for
     * its durable write (a few ms), so 64 carry tens of thousands of calls a second; more wait in line, still
     * counted by the admission.
     */
    private static final int SIGNUP_THREADS = 64;

    private final FerryApi api;
    private final CodeQueue codes;

    private final Thread lagProbe;
    private final Thread codeSweeper;

    private final LowPriorityExecutor signups;

    private FerryCore(FerryApi api, CodeQueue codes, Thread lagProbe, Thread codeSweeper,
                      LowPriorityExecutor signups) {
        this.signups = signups;
        this.api = api;
        this.codes = codes;
        this.lagProbe = lagProbe;
        this.codeSweeper = codeSweeper;
    }

    /** Every {@link #CODE_SWEEP_INTERVAL}, deletes the login codes that expired unused. */
    private static Thread startCodeSweeper(AuthService auth) {
        return Thread.ofPlatform().daemon().name("login-code-sweeper").start(() -> {
            while (true) {
                try {
                    Thread.sleep(CODE_SWEEP_INTERVAL);
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    long deleted = auth.sweepExpiredCodes();
                    log.debug("deleted {} expired login codes", deleted);
                } catch (RuntimeException e) {
                    log.warn("deleting expired login codes failed; trying again in {}", CODE_SWEEP_INTERVAL, e);
                }
            }
        });
    }

    /**
     * Every 20 ms, asks for a virtual thread and measures how late it starts: the queue in front of the
     * CPUs, which the sign-up admission reads as saturation.
     */
    private static Thread startLagProbe(SignupAdmission admission) {
        return Thread.ofPlatform().daemon().name("cpu-lag-probe").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long asked = System.nanoTime();
                Thread probe = Thread.ofVirtual().start(() -> admission.schedulingLag(System.nanoTime() - asked));
                try {
                    probe.join();
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** The machine's CPU use since the last call (0-1), from the JDK's reading of /proc/stat; -1 where unknown. */
    private static DoubleSupplier machineCpuBusy() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os::getCpuLoad;
        }
        return () -> -1;
    }

    /** Production wiring: codes and tokens come from {@link SecureRandom}. */
    public static FerryCore create(CoreConfig config, Stores stores, PushBus bus, CodeSender codeSender, Clock clock) {
        return create(config, stores, bus, codeSender, clock, new SecureRandom());
    }

    public static FerryCore create(CoreConfig config, Stores stores, PushBus bus, CodeSender codeSender, Clock clock,
                                   RandomGenerator random) {
        IdGenerator ids = new IdGenerator(clock, config.nodeId());
        RateLimiter limiter = new RateLimiter(clock, config.limits());
        CodeQueue codes = new CodeQueue(codeSender, config.codeQueueCapacity(), config.codeSendRate());
        PresenceService presence = new PresenceService(stores, bus, clock);
        AuthService auth = new AuthService(config, stores, bus, codes, limiter, ids, random, clock);
        UserService users = new UserService(stores, presence);
        LogPublisher publisher = new LogPublisher(stores, bus, ids);
        ChatService chats = new ChatService(stores, bus, publisher, ids, clock);
        MessageService messages = new MessageService(stores, chats, publisher, bus, limiter, clock);
        SyncService sync = new SyncService(stores, chats, messages, clock);
        SignupAdmission admission = new SignupAdmission(Math.min(INITIAL_SIGNUP_CONCURRENCY,
                config.signupConcurrency()), config.signupConcurrency(), MESSAGING_TARGET_NANOS, System::nanoTime,
                machineCpuBusy());
        LowPriorityExecutor signups = config.signupNice() == 0 ? null
                : new LowPriorityExecutor("signup", SIGNUP_THREADS, config.signupNice());
        return new FerryCore(new FerryApi(stores, bus, auth, users, presence, chats, messages, sync, limiter,
                admission, signups), codes, startLagProbe(admission), startCodeSweeper(auth), signups);
    }

    public FerryApi rpc() {
        return api;
    }

    /** Login codes waiting for the external sender (a readiness and metrics signal). */
    public int codeBacklog() {
        return codes.backlog();
    }

    @Override
    public void close() {
        lagProbe.interrupt();
        codeSweeper.interrupt();
        try {
            codeSweeper.join(Duration.ofSeconds(5)); // a sweep in progress ends before the store closes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        codes.close();
        if (signups != null) {
            signups.close();
        }
    }
}
