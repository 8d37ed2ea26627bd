package org.ferry.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.ferry.bench.client.RpcError;
import org.ferry.bench.client.WsConnection;
import org.ferry.bench.load.Metrics;
import org.ferry.bench.server.CodeBox;

/**
 * The native sign-up flow as a new user's app runs it: {@code auth.sendCode}, wait for the code,
 * {@code auth.signIn} (answered {@code signUpRequired}), {@code auth.signUp}. Afterwards the connection is bound
 * to the new session and receives its pushes. Each step's own latency is recorded as {@code step.<method>} when
 * metrics are given. Thread-safe.
 */
public final class Accounts {
    /** A signed-up account; {@code existing} when the number already had one (signed in instead). */
    public record Account(long userId, String token, String phone, boolean existing) {
    }

    static final int MAX_TRIES = 60;

    private final CodeBox codes;
    private final Metrics metrics;
    private final String floodWaitCounter;
    private final int maxTries;

    public Accounts(CodeBox codes, Metrics metrics) {
        this(codes, metrics, "signup", MAX_TRIES);
    }

    /**
     * @param name the prefix of the retry counter, {@code <name>.floodWait}
     * @param maxTries calls made per step at most (1: give up at the first FLOOD_WAIT)
     */
    public Accounts(CodeBox codes, Metrics metrics, String name, int maxTries) {
        this.codes = codes;
        this.metrics = metrics;
        this.floodWaitCounter = name + ".floodWait";
        this.maxTries = maxTries;
    }

    /**
     * Makes a call ({@code attempt}), and on {@code FLOOD_WAIT} waits the {@code retryAfter} the server asked for
     * and tries again, as an app does (at most {@link #MAX_TRIES} times); each wait is counted as
     * {@code <name>.floodWait}. The wait is part of the sign-up's latency.
     */
    private <T> CompletableFuture<T> withRetries(WsConnection c, Supplier<CompletableFuture<T>> attempt, int tries) {
        return attempt.get().handle((result, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(result);
            }
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof RpcError e && e.code().equals("FLOOD_WAIT") && tries < maxTries) {
                if (metrics != null) {
                    metrics.count(floodWaitCounter);
                }
                CompletableFuture<T> retried = new CompletableFuture<>();
                c.schedule(() -> withRetries(c, attempt, tries + 1).whenComplete((r, f) -> {
                    if (f != null) {
                        retried.completeExceptionally(f);
                    } else {
                        retried.complete(r);
                    }
                }), Math.max(1, e.retryAfter()), TimeUnit.SECONDS);
                return retried;
            }
            return CompletableFuture.<T>failedFuture(cause);
        }).thenCompose(f -> f);
    }

    public CompletableFuture<Account> signUp(WsConnection c, String phone) {
        String phoneJson = "\"" + phone + "\"";
        long t0 = System.nanoTime();
        String sendCode = "{\"phone\":" + phoneJson + "}";
        return withRetries(c, () -> c.callForAck("auth.sendCode", sendCode), 1)
                .thenCompose(sent -> {
                    step("step.sendCode", t0);
                    long t1 = System.nanoTime();
                    return codes.code(phone).orTimeout(30, TimeUnit.SECONDS)
                            .exceptionally(e -> {
                                throw new RpcError("CODE_NOT_RECEIVED", null, 0);
                            })
                            .thenApply(code -> {
                                step("step.codeArrived", t1);
                                return code;
                            });
                })
                .thenCompose(code -> {
                    long t2 = System.nanoTime();
                    String creds = "\"phone\":" + phoneJson + ",\"code\":\"" + code + "\",\"device\":\"ferry-bench\"";
                    return withRetries(c, () -> c.call("auth.signIn", "{" + creds + "}"), 1).thenCompose(in -> {
                        step("step.signIn", t2);
                        if ("signedIn".equals(in.path("status").asText())) {
                            return CompletableFuture.completedFuture(account(in, phone, true));
                        }
                        long t3 = System.nanoTime();
                        String signUp = "{" + creds + ",\"firstName\":\"Bench\"}";
                        return withRetries(c, () -> c.call("auth.signUp", signUp), 1).thenApply(up -> {
                            step("step.signUp", t3);
                            return account(up, phone, false);
                        });
                    });
                });
    }

    /** Binds {@code c} to an existing session, as an app does when it reconnects. */
    public static CompletableFuture<Long> resume(WsConnection c, String token) {
        return c.call("auth.resume", "{\"token\":\"" + token + "\"}").thenApply(r -> r.path("user").path("id").asLong());
    }

    private void step(String name, long since) {
        if (metrics != null) {
            metrics.latency(name).since(since);
        }
    }

    private static Account account(JsonNode result, String phone, boolean existing) {
        return new Account(result.path("user").path("id").asLong(), result.path("token").asText(), phone, existing);
    }
}
