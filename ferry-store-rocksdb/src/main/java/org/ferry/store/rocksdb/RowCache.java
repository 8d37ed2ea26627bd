package org.ferry.store.rocksdb;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;
import org.ferry.core.id.IdKeys;

/**
 * Rows of the hot path kept in memory by id, bounded by a total weight (rows, or members for rosters).
 * This process is the only one that opens the database, so a row cached here is the row on disk as long
 * as every write of that row replaces or drops it.
 *
 * <p>The rule that keeps it true: a row is put only while holding the stripe lock that the row's writers
 * hold, after reading the database or after a successful write. A reader that fills the cache without that
 * lock could put a value a concurrent writer has just replaced. Dropping a row is always safe (the next
 * reader loads it again), so eviction takes whatever rows the map's iterator reaches first.
 * Thread-safe.
 */
final class RowCache<V> {
    /** By {@link IdKeys#of}: ids themselves would crowd a few buckets. */
    private final ConcurrentHashMap<Long, V> rows = new ConcurrentHashMap<>();
    private final ToIntFunction<V> weigher;
    private final long capacity;
    private final AtomicLong weight = new AtomicLong();

    /** @param capacity the total weight kept; {@code weigher} gives each row's (at least 1) */
    RowCache(long capacity, ToIntFunction<V> weigher) {
        this.capacity = capacity;
        this.weigher = weigher;
    }

    /** A cache of at most {@code capacity} rows. */
    static <V> RowCache<V> ofRows(long capacity) {
        return new RowCache<>(capacity, v -> 1);
    }

    /** The cached row, or null. Needs no lock. */
    V get(long id) {
        return rows.get(IdKeys.of(id));
    }

    /** Caches {@code row}; the caller holds the row's stripe lock (see the class comment). */
    void put(long id, V row) {
        V old = rows.put(IdKeys.of(id), row);
        long grown = weight.addAndGet(weigher.applyAsInt(row) - (old == null ? 0 : weigher.applyAsInt(old)));
        if (grown > capacity) {
            trim();
        }
    }

    void remove(long id) {
        drop(IdKeys.of(id));
    }

    private void drop(Long key) {
        V old = rows.remove(key);
        if (old != null) {
            weight.addAndGet(-weigher.applyAsInt(old));
        }
    }

    long weight() {
        return weight.get();
    }

    /** Drops rows until an eighth of the capacity is free again. */
    private void trim() {
        long target = capacity - capacity / 8;
        Iterator<Long> keys = rows.keySet().iterator();
        while (weight.get() > target && keys.hasNext()) {
            drop(keys.next());
        }
    }
}
