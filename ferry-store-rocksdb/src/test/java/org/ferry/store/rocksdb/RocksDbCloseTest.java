package org.ferry.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.ferry.core.model.LogEntry;
import org.ferry.core.model.Message;
import org.ferry.core.store.ChatLogStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closing waits for calls in flight; calls after it fail cleanly instead of touching freed native memory. */
class RocksDbCloseTest {
    private static final long CHAT = 77;

    @TempDir
    Path dir;

    @Test
    void callsAfterCloseFailAndCloseTwiceIsHarmless() {
        RocksDbStores stores = RocksDbStores.open(dir);
        stores.close();
        stores.close();

        assertThatThrownBy(() -> stores.log().head(CHAT)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> append(stores, 1, 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aWriteQueuedAfterCloseIsSettledAsFailed() {
        RocksDbStores stores = RocksDbStores.open(dir);
        Engine engine = stores.engine();
        stores.close();
        List<String> told = new ArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        try (Engine.Batch batch = engine.batch()) {
            engine.queue(batch.put(Family.META, new byte[] {1}, new byte[] {2}), null, new GroupCommitter.Outcome() {
                @Override
                public void durable() {
                    told.add("durable");
                }

                @Override
                public void failed() {
                    told.add("failed");
                }
            }, done);
        }
        assertThat(told).containsExactly("failed");
        assertThatThrownBy(() -> Engine.await(done)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeUnderLoadKeepsEveryAppendThatReturned() throws Exception {
        RocksDbStores stores = RocksDbStores.open(dir);
        Set<Long> returned = ConcurrentHashMap.newKeySet();
        AtomicReference<Throwable> unexpected = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(4);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            long sender = t + 1;
            writers.add(Thread.ofVirtual().start(() -> {
                started.countDown();
                for (long randomId = 1; ; randomId++) {
                    try {
                        returned.add(append(stores, sender, randomId));
                    } catch (IllegalStateException closed) {
                        return;
                    } catch (Throwable e) {
                        unexpected.set(e);
                        return;
                    }
                }
            }));
        }
        started.await();
        while (returned.size() < 200) {
            Thread.sleep(1);
        }

        stores.close();
        for (Thread writer : writers) {
            writer.join(10_000);
            assertThat(writer.isAlive()).isFalse();
        }

        assertThat(unexpected.get()).isNull();
        // An edit waits for the chat's appends in flight: none may be left pending by the close.
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(
                () -> stores.log().append(CHAT, new ChatLogStore.Change.Edit(1, "late", 1)))
                .isInstanceOf(IllegalStateException.class));
        try (RocksDbStores reopened = RocksDbStores.open(dir)) {
            List<Long> seqs = reopened.log().read(CHAT, 0, Integer.MAX_VALUE).stream().map(LogEntry::seq).toList();
            assertThat(seqs).containsAll(returned);
        }
    }

    private static long append(RocksDbStores stores, long sender, long randomId) {
        Message draft = new Message(0, 0, sender, 1_700_000_000L, "close test", null, null, null, null, randomId);
        var result = stores.log().append(CHAT, new ChatLogStore.Change.Post(draft));
        return ((ChatLogStore.AppendResult.Appended) result).entry().seq();
    }
}
