package org.ferry.store.rocksdb;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Ferry's group commit: one platform thread takes every batch waiting, writes them all as one synced
 * RocksDB write (one JNI call, one WAL fsync) and then completes their callers. While a round waits on
 * the disk the next round's batches queue up, so the number of batches per fsync grows with the load.
 *
 * <p>Why not RocksDB's own write group: each synced writer must be a blocked thread (a virtual thread in
 * JNI pins one of the few carriers), and with many platform threads each synced batch cost ~60 µs of
 * CPU in the bench's JMH ceiling, against about half that here at twice the throughput.
 *
 * <p>A round's batches are applied in arrival order in one atomic write, which is at least as strong as
 * writing them one by one: callers that must order their writes (appends to one chat) already hold a
 * lock until their write completes. Thread-safe.
 */
final class GroupCommitter implements AutoCloseable {
    /** Bounds one round, so that a burst cannot build one huge native batch. */
    private static final int MAX_BATCHES_PER_ROUND = 4096;

    private record Pending(List<Engine.Op> ops, CompletableFuture<Void> done) {
    }

    private final RocksDB db;
    private final WriteOptions syncWrites;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    GroupCommitter(RocksDB db, WriteOptions syncWrites) {
        this.db = db;
        this.syncWrites = syncWrites;
        this.thread = Thread.ofPlatform().daemon().name("rocksdb-committer").start(this::run);
    }

    /** Queues the operations; the future completes when they are durable, or fails with the write's error. */
    CompletableFuture<Void> commit(List<Engine.Op> ops) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new IllegalStateException("the RocksDB store is closed"));
            return done;
        }
        queue.add(new Pending(ops, done));
        return done;
    }

    private void run() {
        List<Pending> round = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                round.add(first);
                queue.drainTo(round, MAX_BATCHES_PER_ROUND - 1);
                write(round);
            } catch (InterruptedException e) {
                if (closed) {
                    continue; // drain what is left, then stop
                }
                Thread.currentThread().interrupt();
                return;
            } finally {
                round.clear();
            }
        }
    }

    private void write(List<Pending> round) {
        try (WriteBatch batch = new WriteBatch()) {
            for (Pending p : round) {
                for (Engine.Op op : p.ops()) {
                    ColumnFamilyHandle handle = op.handle();
                    if (op.value() == null) {
                        batch.delete(handle, op.key());
                    } else {
                        batch.put(handle, op.key(), op.value());
                    }
                }
            }
            db.write(syncWrites, batch);
        } catch (RocksDBException | RuntimeException e) {
            round.forEach(p -> p.done().completeExceptionally(e));
            return;
        }
        round.forEach(p -> p.done().complete(null));
    }

    /** Commits what is queued, then stops the thread. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
