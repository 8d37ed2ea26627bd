package org.ferry.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.util.BufferRecycler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class LifoBufferPoolTest {
    @Test
    void handsOutTheMostRecentlyReturnedRecyclerFirst() {
        LifoBufferPool pool = new LifoBufferPool(4);
        BufferRecycler first = pool.acquireAndLinkPooled();
        BufferRecycler second = pool.acquireAndLinkPooled();
        assertThat(first).isNotSameAs(second);

        first.releaseToPool();
        second.releaseToPool();

        assertThat(pool.pooledCount()).isEqualTo(2);
        assertThat(pool.acquireAndLinkPooled()).isSameAs(second);
        assertThat(pool.acquireAndLinkPooled()).isSameAs(first);
        assertThat(pool.pooledCount()).isZero();
    }

    @Test
    void keepsAtMostItsCapacityAndDropsTheRest() {
        LifoBufferPool pool = new LifoBufferPool(2);
        BufferRecycler a = pool.acquireAndLinkPooled();
        BufferRecycler b = pool.acquireAndLinkPooled();
        BufferRecycler c = pool.acquireAndLinkPooled();

        a.releaseToPool();
        b.releaseToPool();
        c.releaseToPool();

        assertThat(pool.pooledCount()).isEqualTo(2);
        assertThat(pool.acquirePooled()).isSameAs(b);
        assertThat(pool.acquirePooled()).isSameAs(a);
        assertThat(pool.acquirePooled()).isNotIn(a, b, c);
    }

    @Test
    void clearEmptiesThePool() {
        LifoBufferPool pool = new LifoBufferPool(2);
        pool.acquireAndLinkPooled().releaseToPool();

        assertThat(pool.clear()).isTrue();

        assertThat(pool.pooledCount()).isZero();
    }

    @Test
    void refusesANonPositiveCapacity() {
        assertThatThrownBy(() -> new LifoBufferPool(0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A recycler handed to two threads at once would mix their output. */
    @Test
    void concurrentWritersThroughTheProtocolCodecNeverShareBuffers() throws Exception {
        List<Future<Integer>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                String tag = "thread-" + t + "-";
                results.add(threads.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < 2_000; i++) {
                        String message = tag + i + "x".repeat(i % 300);
                        byte[] bytes = Json.writeBytes(new Frames.Error((long) i, new ErrorBody("X", message, null)));
                        Frames.Error back = Json.mapper().readValue(bytes, Frames.Error.class);
                        if (back.id() == i && back.error().message().equals(message)) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
        }
        for (var result : results) {
            assertThat(result.get()).isEqualTo(2_000);
        }
    }
}
