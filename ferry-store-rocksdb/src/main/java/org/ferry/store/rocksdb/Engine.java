package org.ferry.store.rocksdb;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.RocksObject;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
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

    /**
     * Platform threads that perform synced writes. A virtual thread inside a JNI call pins its carrier,
     * and there are only as many carriers as cores: with two cores, at most two synced writes could
     * wait on the disk at once, and RocksDB's group commit would group at most two. Handing the write
     * to a platform thread lets many writers wait in the same fsync group while the virtual thread
     * parks, unpinned.
     */
    private static final int WRITER_THREADS = 64;
    private final ExecutorService writers = Executors.newFixedThreadPool(WRITER_THREADS,
            Thread.ofPlatform().daemon().name("rocksdb-writer-", 0).factory());

    private final RocksDB db;
    private final Map<Family, ColumnFamilyHandle> handles;
    private final WriteOptions syncWrites;
    /** Native objects to free after the database, in order (options, cache, filter). */
    private final List<RocksObject> resources;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    Engine(RocksDB db, Map<Family, ColumnFamilyHandle> handles, List<RocksObject> resources) {
        this.db = db;
        this.handles = new EnumMap<>(handles);
        this.resources = resources;
        // Every write is on disk when the call returns (ack means durable). Concurrent synced writers
        // are group-committed by RocksDB: the leader of a write group appends all their batches to the
        // WAL and issues one fsync for the group, so throughput grows with concurrency without giving
        // up per-call durability.
        this.syncWrites = new WriteOptions().setSync(true);
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

    /** Applies the batch atomically and durably (synced WAL, group-committed; see the constructor). */
    void write(Batch batch) {
        enter();
        try {
            if (!Thread.currentThread().isVirtual()) {
                db.write(syncWrites, batch.batch);
                return;
            }
            Future<?> done = writers.submit(() -> {
                db.write(syncWrites, batch.batch);
                return null;
            });
            awaitWrite(done);
        } catch (RocksDBException e) {
            throw failure("write", null, e);
        } finally {
            exit();
        }
    }

    private static void awaitWrite(Future<?> done) throws RocksDBException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    done.get();
                    return;
                } catch (InterruptedException e) {
                    // The write is in flight and cannot be recalled: wait for its outcome, then re-interrupt.
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RocksDBException r) {
                        throw r;
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

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            writers.shutdown(); // no write is in flight: each holds the lifecycle read lock until it completes
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

    /** A write batch over families; build it, then {@link #write} it. Not thread-safe. */
    final class Batch implements AutoCloseable {
        private final WriteBatch batch = new WriteBatch();

        Batch put(Family family, byte[] key, byte[] value) {
            try {
                batch.put(handles.get(family), key, value);
                return this;
            } catch (RocksDBException e) {
                throw failure("batch put", family, e);
            }
        }

        Batch delete(Family family, byte[] key) {
            try {
                batch.delete(handles.get(family), key);
                return this;
            } catch (RocksDBException e) {
                throw failure("batch delete", family, e);
            }
        }

        @Override
        public void close() {
            batch.close();
        }
    }
}
