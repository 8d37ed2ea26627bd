package org.ferry.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

    private final CodeBox codes;
    private final Metrics metrics;

    public Accounts(CodeBox codes, Metrics metrics) {
        this.codes = codes;
        this.metrics = metrics;
    }

    public CompletableFuture<Account> signUp(WsConnection c, String phone) {
        String phoneJson = "\"" + phone + "\"";
        long t0 = System.nanoTime();
        return c.call("auth.sendCode", "{\"phone\":" + phoneJson + "}")
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
                    return c.call("auth.signIn", "{" + creds + "}").thenCompose(in -> {
                        step("step.signIn", t2);
                        if ("signedIn".equals(in.path("status").asText())) {
                            return CompletableFuture.completedFuture(account(in, phone, true));
                        }
                        long t3 = System.nanoTime();
                        return c.call("auth.signUp", "{" + creds + ",\"firstName\":\"Bench\"}").thenApply(up -> {
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
