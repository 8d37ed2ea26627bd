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
 * grows with the load; rounds start at most every {@link #MIN_ROUND_NANOS}, so that at moderate load they do not
 * come as fast as the disk allows with a few batches each.
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
    /**
     * A round starts no sooner than this after the previous one started. Each round's fsync costs the committer
     * ~3.4 context switches and ~95 µs of CPU (mostly the kernel's) however few batches it carries, and the disk
     * finishes one in about a millisecond, so at moderate load rounds came as fast as the disk allowed and
     * carried a few batches each: chat at 10,000 msgs/s made 739 rounds a second of 13.5 batches. With the
     * floor the same load makes at most 500, and the server used ~7 % less CPU relative to the unchanged load
     * generator (docs/benchmarks.md, eighth session); saturated throughput is unchanged, as rounds are longer
     * than the floor there. It adds at most 2 ms to a write's acknowledgement, and nothing to a write arriving
     * after a quiet spell. (It replaced a half-millisecond wait for rounds of fewer than four batches, which had
     * saved 17-20 % at 2,000 msgs/s and which this covers.)
     */
    private static final long MIN_ROUND_NANOS = 2_000_000;

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
        long lastStart = System.nanoTime() - MIN_ROUND_NANOS;
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                round.add(first);
                queue.drainTo(round, MAX_BATCHES_PER_ROUND - 1);
                long early = lastStart + MIN_ROUND_NANOS - System.nanoTime();
                if (early > 0 && round.size() < MAX_BATCHES_PER_ROUND) {
                    LockSupport.parkNanos(early);
                    queue.drainTo(round, MAX_BATCHES_PER_ROUND - round.size());
                }
                lastStart = System.nanoTime();
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
        List<List<Engine.Op>> batches = new ArrayList<>(round.size());
        for (Pending p : round) {
            batches.add(p.ops());
        }
        try (WriteBatch batch = new WriteBatch(WriteBatchRep.of(batches))) {
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
