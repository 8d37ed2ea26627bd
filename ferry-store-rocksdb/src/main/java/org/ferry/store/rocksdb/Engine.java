package org.ferry.store.rocksdb;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.FlushOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.RocksObject;
import org.rocksdb.Slice;
import org.rocksdb.WriteOptions;

/**
 * The open database as the partition stores see it: point reads, prefix scans and synced atomic
 * batches over {@link Family} column families, plus the {@link Stripes} for read-check-write steps.
 * Every call holds a shared lifecycle lock so that {@link #close} waits for calls in flight and later
 * calls fail with {@link IllegalStateException} instead of touching freed native memory. Thread-safe.
 */
final class Engine implements AutoCloseable {
    /** Decodes one row of a scan. */
    interface Row<T> {
        T decode(byte[] key, byte[] value);
    }

    final Stripes stripes = new Stripes(1024);

    /** Every write goes through it: one synced RocksDB write per round of waiting batches. */
    private final GroupCommitter committer;

    private final RocksDB db;
    private final Map<Family, ColumnFamilyHandle> handles;
    /** Each family's id as RocksDB numbers it in a write batch (asking a handle is a JNI call). */
    private final Map<Family, Integer> familyIds = new EnumMap<>(Family.class);
    private final WriteOptions syncWrites;
    /** Native objects to free after the database, in order (options, cache, filter). */
    private final List<RocksObject> resources;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    Engine(RocksDB db, Map<Family, ColumnFamilyHandle> handles, List<RocksObject> resources) {
        this.db = db;
        this.handles = new EnumMap<>(handles);
        this.handles.forEach((family, handle) -> familyIds.put(family, handle.getID()));
        this.resources = resources;
        // Every write is on disk when the call returns (ack means durable): the committer writes with
        // sync=true and completes a caller only after its round's fsync.
        this.syncWrites = new WriteOptions().setSync(true);
        this.committer = new GroupCommitter(db, syncWrites);
    }

    byte[] get(Family family, byte[] key) {
        enter();
        try {
            return db.get(handles.get(family), key);
        } catch (RocksDBException e) {
            throw failure("get", family, e);
        } finally {
            exit();
        }
    }

    /** Values for {@code keys} in the same order, null where a key is absent. */
    List<byte[]> multiGet(Family family, List<byte[]> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        enter();
        try {
            return db.multiGetAsList(Collections.nCopies(keys.size(), handles.get(family)), keys);
        } catch (RocksDBException e) {
            throw failure("multiGet", family, e);
        } finally {
            exit();
        }
    }

    /**
     * Rows with {@code lower <= key < upper} (a null bound is open), ascending or descending, at most
     * {@code limit}.
     */
    <T> List<T> scan(Family family, byte[] lower, byte[] upper, boolean descending, int limit, Row<T> row) {
        List<T> out = new ArrayList<>();
        if (limit <= 0) {
            return out;
        }
        enter();
        try (Slice lo = lower == null ? null : new Slice(lower);
             Slice hi = upper == null ? null : new Slice(upper);
             ReadOptions options = new ReadOptions()) {
            if (lo != null) {
                options.setIterateLowerBound(lo);
            }
            if (hi != null) {
                options.setIterateUpperBound(hi);
            }
            try (RocksIterator it = db.newIterator(handles.get(family), options)) {
                if (descending) {
                    it.seekToLast();
                } else {
                    it.seekToFirst();
                }
                while (it.isValid() && out.size() < limit) {
                    out.add(row.decode(it.key(), it.value()));
                    if (descending) {
                        it.prev();
                    } else {
                        it.next();
                    }
                }
                it.status();
            }
            return out;
        } catch (RocksDBException e) {
            throw failure("scan", family, e);
        } finally {
            exit();
        }
    }

    /**
     * Rows keyed {@code prefix | id | ...} with {@code id > afterId}, ascending, at most {@code limit}: the page after
     * {@code afterId} of an id-keyed list (a chat's log or members, a user's feed or contacts).
     */
    <T> List<T> scanAfter(Family family, long prefix, long afterId, int limit, Row<T> row) {
        byte[] from = Keys.after(prefix, afterId);
        if (from == null) {
            return List.of();
        }
        return scan(family, from, Keys.prefixEnd(Keys.of(prefix)), false, limit, row);
    }

    /** Rows whose key starts with {@code prefix}, ascending. */
    <T> List<T> scanPrefix(Family family, byte[] prefix, Row<T> row) {
        return scan(family, prefix, Keys.prefixEnd(prefix), false, Integer.MAX_VALUE, row);
    }

    Batch batch() {
        return new Batch();
    }

    void put(Family family, byte[] key, byte[] value) {
        try (Batch batch = new Batch()) {
            batch.put(family, key, value);
            write(batch);
        }
    }

    void delete(Family family, byte[] key) {
        try (Batch batch = new Batch()) {
            batch.delete(family, key);
            write(batch);
        }
    }

    /**
     * Applies the batch atomically and durably: it joins the committer's next round and returns after that
     * round's fsync. Blocks the caller (a virtual thread parks, unpinned).
     */
    void write(Batch batch) {
        if (batch.ops.isEmpty()) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue(batch, null, GroupCommitter.Outcome.NONE, done);
        await(done);
    }

    /**
     * Queues the batch for the committer's next round without waiting: {@code done} completes when it is durable
     * and fails if its write or the write it comes {@code after} (an earlier {@code done}, or null) failed, in
     * which case nothing of it was written. {@code outcome} is told first, on the committer's thread; see
     * {@link GroupCommitter}. For a writer that must order its writes but need not hold its lock until they are
     * on disk: queue under the lock, release it, then {@link #await}.
     */
    void queue(Batch batch, CompletableFuture<Void> after, GroupCommitter.Outcome outcome,
               CompletableFuture<Void> done) {
        try {
            enter();
        } catch (IllegalStateException closed) {
            // Settled like any failed write, so that no writer waits on (or builds on) one never queued.
            outcome.failed();
            done.completeExceptionally(closed);
            return;
        }
        try {
            committer.commit(List.copyOf(batch.ops), after, outcome, done);
        } finally {
            exit();
        }
    }

    /** Waits for a queued write; throws its failure. An interrupt is kept for later: the write cannot be recalled. */
    static void await(CompletableFuture<Void> done) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    done.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RocksDBException r) {
                        throw failure("write", null, r);
                    }
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits until a queued write has ended, however it ended. */
    static void settled(CompletableFuture<Void> done) {
        try {
            await(done);
        } catch (RuntimeException ignored) {
            // its writer reports the failure; the caller only needed it to be over
        }
    }

    /**
     * Writes every family's memtable to a table file and waits: the WAL files behind them become obsolete, and go
     * to the recycle list ({@code recycle_log_file_num}). For tests and tools; RocksDB flushes by itself in service.
     */
    void flushAll() {
        enter();
        try (FlushOptions options = new FlushOptions().setWaitForFlush(true)) {
            db.flush(options, new ArrayList<>(handles.values()));
        } catch (RocksDBException e) {
            throw failure("flush", null, e);
        } finally {
            exit();
        }
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            committer.close(); // writes what is queued (a queued write's caller may still be waiting for it)
            handles.values().forEach(ColumnFamilyHandle::close);
            try {
                db.closeE();
            } catch (RocksDBException e) {
                throw new RocksDbStoreException("closing RocksDB failed", e);
            } finally {
                syncWrites.close();
                resources.forEach(RocksObject::close);
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private void enter() {
        lifecycle.readLock().lock();
        if (closed) {
            lifecycle.readLock().unlock();
            throw new IllegalStateException("the RocksDB store is closed");
        }
    }

    private void exit() {
        lifecycle.readLock().unlock();
    }

    private static RocksDbStoreException failure(String op, Family family, RocksDBException e) {
        return new RocksDbStoreException("RocksDB " + op + (family == null ? "" : " on " + family) + " failed", e);
    }

    /** One put (value set) or delete (value null) of a batch, resolved to its column family's id. */
    record Op(int familyId, byte[] key, byte[] value) {
    }

    /** A write batch over families; build it, then {@link #write} it. Not thread-safe. */
    final class Batch implements AutoCloseable {
        private final List<Op> ops = new ArrayList<>();

        Batch put(Family family, byte[] key, byte[] value) {
            ops.add(new Op(familyIds.get(family), key, Objects.requireNonNull(value)));
            return this;
        }

        Batch delete(Family family, byte[] key) {
            ops.add(new Op(familyIds.get(family), key, null));
            return this;
        }

        /** Nothing native to free: the committer builds the native batch. Kept for try-with-resources. */
        @Override
        public void close() {
        }
    }
}
