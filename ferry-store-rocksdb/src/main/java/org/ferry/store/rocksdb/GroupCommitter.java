package org.ferry.store.rocksdb;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Ferry's group commit: one platform thread takes every batch waiting, writes them all as one synced
 * RocksDB write (one native batch built in Java by {@link WriteBatchRep}, one WAL fsync) and then completes their
 * callers. While a round waits on the disk the next round's batches queue up, so the number of batches per fsync
 * grows with the load; a round that finds only a few waits half a millisecond for more first
 * ({@link #GATHER_BELOW}).
 *
 * <p>Why not RocksDB's own write group: each synced writer must be a blocked thread (a virtual thread in
 * JNI pins one of the few carriers), and with many platform threads each synced batch cost ~60 µs of
 * CPU in the bench's JMH ceiling, against about half that here at twice the throughput.
 *
 * <p>A round's batches are applied in arrival order in one atomic write, which is at least as strong as
 * writing them one by one. A caller may queue a batch that builds on an earlier one not yet durable (the next
 * seq of a chat whose last append is still in flight): it names that write as the one it comes {@code after}, and
 * if that write failed, this one is failed without being written, so a failure never leaves a gap behind a later
 * write. Outcomes are settled in queue order, and each batch's {@link Outcome} runs on this thread just before its
 * caller is released, so caches kept by those hooks see every key's writes in the order they were queued.
 * Thread-safe.
 */
final class GroupCommitter implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GroupCommitter.class);
    /** Bounds one round, so that a burst cannot build one huge native batch. */
    private static final int MAX_BATCHES_PER_ROUND = 4096;
    /**
     * A round that found fewer batches than this waits {@link #GATHER_NANOS} for more before its fsync. At
     * moderate load a round otherwise carries one or two batches, and each round's fsync costs the committer
     * ~3.4 context switches and ~95 µs of CPU (mostly the kernel's): chat at 2,000 msgs/s spent 17-20 % less
     * server CPU with the wait (867-885 -> 705-744 ms/s), 7 % less at 5,000/s, p99 within run-to-run noise; under
     * load rounds are full and never wait. It adds at most half a millisecond to a lone write's fsync.
     */
    private static final int GATHER_BELOW = 4;
    private static final long GATHER_NANOS = 500_000;

    /**
     * Told on the committer's thread, in queue order, how a batch ended, before its caller is released. Must be quick
     * and must not take a lock that a thread waiting for the committer may hold.
     */
    interface Outcome {
        Outcome NONE = new Outcome() {
            @Override
            public void durable() {
            }

            @Override
            public void failed() {
            }
        };

        /** The batch is applied and on disk. */
        void durable();

        /** The batch was not applied, or its outcome on disk is unknown. */
        void failed();
    }

    private record Pending(List<Engine.Op> ops, CompletableFuture<Void> after, Outcome outcome,
                           CompletableFuture<Void> done) {
    }

    /** Fails a batch whose {@code after} write failed; it was not written. */
    static final class EarlierWriteFailed extends IllegalStateException {
        EarlierWriteFailed() {
            super("not written: the earlier write it builds on failed");
        }
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

    /**
     * Queues the operations to be written only if {@code after} (an earlier commit's future, or null) did not fail;
     * {@code done} completes when they are durable, or fails with the write's error or {@link EarlierWriteFailed}.
     * {@code outcome} is told first.
     */
    void commit(List<Engine.Op> ops, CompletableFuture<Void> after, Outcome outcome, CompletableFuture<Void> done) {
        if (closed) {
            settle(new Pending(ops, after, outcome, done), new IllegalStateException("the RocksDB store is closed"));
            return;
        }
        queue.add(new Pending(ops, after, outcome, done));
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
                if (round.size() < GATHER_BELOW) {
                    LockSupport.parkNanos(GATHER_NANOS);
                    queue.drainTo(round, MAX_BATCHES_PER_ROUND - round.size());
                }
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
        List<Pending> written = new ArrayList<>(round.size());
        List<List<Engine.Op>> batches = new ArrayList<>(round.size());
        for (Pending p : round) {
            // In queue order, so that a batch after one failed here a moment ago sees that failure.
            if (p.after() != null && p.after().isCompletedExceptionally()) {
                settle(p, new EarlierWriteFailed());
            } else {
                written.add(p);
                batches.add(p.ops());
            }
        }
        if (written.isEmpty()) {
            return;
        }
        try (WriteBatch batch = new WriteBatch(WriteBatchRep.of(batches))) {
            db.write(syncWrites, batch);
        } catch (RocksDBException | RuntimeException e) {
            written.forEach(p -> settle(p, e));
            return;
        }
        written.forEach(p -> settle(p, null));
    }

    /** Tells the batch's outcome hook, then its caller; {@code failure} null: durable. */
    private static void settle(Pending p, Throwable failure) {
        try {
            if (failure == null) {
                p.outcome().durable();
            } else {
                p.outcome().failed();
            }
        } catch (RuntimeException e) {
            LOG.error("a write's outcome hook failed", e);
        } finally {
            if (failure == null) {
                p.done().complete(null);
            } else {
                p.done().completeExceptionally(failure);
            }
        }
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
