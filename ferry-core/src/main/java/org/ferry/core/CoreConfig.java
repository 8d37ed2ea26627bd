package org.ferry.core;

import java.time.Duration;

/**
 * Settings of the domain services, validated on construction. The server builds it from its
 * configuration file; tests use {@link #defaults()}.
 *
 * @param nodeId this node's id (0-31), part of every id it generates
 * @param codeTtl how long a login code is valid
 * @param codeAttempts wrong tries before a code dies
 * @param codeQueueCapacity login codes waiting for the external sender; beyond it sendCode gets FLOOD_WAIT
 * @param codeSendRate codes per second handed to the external sender at most
 * @param limits the token-bucket rates
 * @param signupConcurrency the most sign-up calls (auth.sendCode, auth.signIn, auth.signUp) served at once
 *        on the node; the actual bound adapts below it to keep messaging fast, and calls beyond it get
 *        FLOOD_WAIT at once. Admission by capacity, not by abuse (DESIGN §4)
 * @param signupNice the Linux nice value (1-19) of the threads that run admitted sign-up calls while people chat,
 *        so that the scheduler serves messaging first; 0 runs them at normal priority
 */
public record CoreConfig(int nodeId, Duration codeTtl, int codeAttempts, int codeQueueCapacity,
                         double codeSendRate, RateLimits limits, int signupConcurrency, int signupNice) {

    /** The default ceiling of sign-up concurrency: far above what two cores need; the admission adapts. */
    public static final int DEFAULT_SIGNUP_CONCURRENCY = 1024;
    /** The default priority of sign-up work while people chat: well below normal (nice 10 weighs ~1/10 of nice 0). */
    public static final int DEFAULT_SIGNUP_NICE = 10;

    public CoreConfig {
        if (nodeId < 0 || nodeId > org.ferry.core.id.IdGenerator.MAX_NODE_ID) {
            throw new IllegalArgumentException("nodeId must be in 0.." + org.ferry.core.id.IdGenerator.MAX_NODE_ID
                    + ", was " + nodeId);
        }
        if (codeTtl.isNegative() || codeTtl.isZero()) {
            throw new IllegalArgumentException("codeTtl must be positive");
        }
        if (codeAttempts < 1) {
            throw new IllegalArgumentException("codeAttempts must be at least 1");
        }
        if (codeQueueCapacity < 1 || codeSendRate <= 0) {
            throw new IllegalArgumentException("code queue capacity and send rate must be positive");
        }
        if (signupConcurrency < 1) {
            throw new IllegalArgumentException("signupConcurrency must be at least 1");
        }
        if (signupNice < 0 || signupNice > 19) {
            throw new IllegalArgumentException("signupNice must be 0-19, was " + signupNice);
        }
    }

    /** Without an explicit sign-up priority: the default. */
    public CoreConfig(int nodeId, Duration codeTtl, int codeAttempts, int codeQueueCapacity, double codeSendRate,
                      RateLimits limits, int signupConcurrency) {
        this(nodeId, codeTtl, codeAttempts, codeQueueCapacity, codeSendRate, limits, signupConcurrency,
                DEFAULT_SIGNUP_NICE);
    }

    /** Without an explicit sign-up concurrency: the default. */
    public CoreConfig(int nodeId, Duration codeTtl, int codeAttempts, int codeQueueCapacity, double codeSendRate,
                      RateLimits limits) {
        this(nodeId, codeTtl, codeAttempts, codeQueueCapacity, codeSendRate, limits, DEFAULT_SIGNUP_CONCURRENCY);
    }

    public static CoreConfig defaults() {
        return new CoreConfig(0, Duration.ofMinutes(5), 5, 100_000, 10_000, RateLimits.defaults());
    }

    public CoreConfig withNodeId(int id) {
        return new CoreConfig(id, codeTtl, codeAttempts, codeQueueCapacity, codeSendRate, limits, signupConcurrency,
                signupNice);
    }

    public CoreConfig withLimits(RateLimits newLimits) {
        return new CoreConfig(nodeId, codeTtl, codeAttempts, codeQueueCapacity, codeSendRate, newLimits,
                signupConcurrency, signupNice);
    }

    public CoreConfig withSignupConcurrency(int n) {
        return new CoreConfig(nodeId, codeTtl, codeAttempts, codeQueueCapacity, codeSendRate, limits, n, signupNice);
    }

    public CoreConfig withSignupNice(int nice) {
        return new CoreConfig(nodeId, codeTtl, codeAttempts, codeQueueCapacity, codeSendRate, limits, signupConcurrency,
                nice);
    }

    /**
     * Token-bucket rates (per second) and bursts. Sign-up limits are separate from messaging limits so a
     * sign-up flood cannot use up what signed-in users need (DESIGN §4).
     */
    public record RateLimits(double codesPerPhonePerHour, double codesPerIpPerMinute, double codesPerPrefixPerSecond,
                             double codesGlobalPerSecond, double signInPerIpPerMinute, double contactsPerUserPerHour,
                             double sendsPerUserPerSecond, int sendBurst) {
        public RateLimits {
            if (codesPerPhonePerHour <= 0 || codesPerIpPerMinute <= 0 || codesPerPrefixPerSecond <= 0
                    || codesGlobalPerSecond <= 0 || signInPerIpPerMinute <= 0 || contactsPerUserPerHour <= 0
                    || sendsPerUserPerSecond <= 0 || sendBurst < 1) {
                throw new IllegalArgumentException("rate limits must be positive");
            }
        }

        public static RateLimits defaults() {
            return new RateLimits(10, 600, 2_000, 20_000, 1_200, 2_000, 50, 200);
        }

        /** Limits high enough for load tests from one address (bench and e2e). */
        public static RateLimits unlimited() {
            return new RateLimits(1e9, 1e9, 1e9, 1e9, 1e9, 1e9, 1e9, 1_000_000);
        }
    }
}
