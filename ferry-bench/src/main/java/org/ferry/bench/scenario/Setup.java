package org.ferry.bench.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.ferry.bench.client.RpcError;
import org.ferry.bench.load.Metrics;
import org.ferry.bench.load.Timeline;

/**
 * Runs the preparation of a scenario (connecting, signing up, creating chats) as fast as the server takes it,
 * with at most {@code window} steps in flight: closed-loop on purpose, since setup is not what is measured.
 */
final class Setup {
    private Setup() {
    }

    /**
     * Runs steps 0..n-1 over a pool of connections, one step at a time per connection (step i on connection
     * i % pool, after step i - pool), for steps that rely on what the connection is bound to (sign up, then
     * join as that user). Failures are counted under {@code what}.
     */
    static void perConnection(String what, int n, int pool, Metrics metrics, Timeline timeline,
                              IntFunction<CompletableFuture<?>> step) {
        List<CompletableFuture<?>> chains = new ArrayList<>();
        AtomicInteger done = new AtomicInteger();
        for (int k = 0; k < Math.min(pool, n); k++) {
            CompletableFuture<?> chain = CompletableFuture.completedFuture(null);
            for (int i = k; i < n; i += pool) {
                int index = i;
                chain = chain.thenCompose(x -> {
                    CompletableFuture<?> f;
                    try {
                        f = step.apply(index);
                    } catch (RuntimeException e) {
                        f = CompletableFuture.failedFuture(e);
                    }
                    return f.handle((v, failure) -> {
                        if (failure != null) {
                            metrics.error(what, RpcError.codeOf(failure));
                        }
                        int d = done.incrementAndGet();
                        if (d % 500 == 0 || d == n) {
                            timeline.note(what + " " + d + "/" + n);
                        }
                        return null;
                    });
                });
            }
            chains.add(chain);
        }
        CompletableFuture.allOf(chains.toArray(CompletableFuture[]::new)).join();
        timeline.note("");
    }

    /**
     * Runs {@code step} for 0..n-1 and returns their results in order; a failed step leaves null and is counted
     * under {@code what} in the errors.
     */
    static <T> List<T> all(String what, int n, int window, Metrics metrics, Timeline timeline,
                           IntFunction<CompletableFuture<T>> step) throws InterruptedException {
        List<T> results = new ArrayList<>(Collections.nCopies(n, null));
        Semaphore permits = new Semaphore(window);
        AtomicInteger done = new AtomicInteger();
        for (int i = 0; i < n; i++) {
            permits.acquire();
            int index = i;
            CompletableFuture<T> f;
            try {
                f = step.apply(i);
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.whenComplete((value, failure) -> {
                if (failure != null) {
                    metrics.error(what, RpcError.codeOf(failure));
                } else {
                    synchronized (results) {
                        results.set(index, value);
                    }
                }
                int d = done.incrementAndGet();
                if (d % 500 == 0 || d == n) {
                    timeline.note(what + " " + d + "/" + n);
                }
                permits.release();
            });
        }
        permits.acquire(window);
        permits.release(window);
        timeline.note("");
        synchronized (results) {
            return new ArrayList<>(results);
        }
    }
}
