package org.ferry.core.limit;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs work that may use only the CPU nobody else wants (DESIGN §4: sign-ups after messages) on a fixed pool of
 * platform threads whose Linux scheduling priority is lowered ("nice" {@code niceness}, 1-19). Under load the
 * kernel's scheduler then runs the node's other threads first, every time, where an admission limit can only
 * react a window later ({@link ThreadPriority}: where the priority cannot be lowered they run at normal
 * priority). Thread-safe.
 */
public final class LowPriorityExecutor implements AutoCloseable {
    private final ThreadPoolExecutor pool;

    /**
     * @param name the threads' name prefix
     * @param threads how many calls may run at once (the rest wait in line)
     * @param niceness the threads' nice value, 1 (a little below normal) to 19 (lowest)
     */
    public LowPriorityExecutor(String name, int threads, int niceness) {
        if (niceness < 1 || niceness > 19) { // checked here too: the threads start later
            throw new IllegalArgumentException("niceness must be 1-19, was " + niceness);
        }
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                task -> Thread.ofPlatform().daemon().name(name + "-" + n.getAndIncrement()).unstarted(() -> {
                    ThreadPriority.lowerCurrentThread(niceness);
                    task.run();
                }));
    }

    /**
     * Runs {@code work} on one of the pool's threads and waits for it (a virtual thread waiting here costs no
     * carrier). Its exceptions come out as thrown, not wrapped.
     */
    public <T> T call(Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, pool).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
