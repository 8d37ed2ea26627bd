package org.ferry.core.id;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IdKeysTest {
    /** Ids as a busy node makes them: {@code perMillisecond} in each millisecond. */
    private static long[] ids(int count, int perMillisecond) {
        AtomicLong calls = new AtomicLong();
        Clock clock = new Clock() {
            @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return Instant.ofEpochMilli(millis()); }
            @Override public long millis() { return 1_796_000_000_000L + calls.getAndIncrement() / perMillisecond; }
        };
        IdGenerator generator = new IdGenerator(clock, 3);
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = generator.next();
        }
        return out;
    }

    /** The fullest bucket of a power-of-two table, indexed as HashMap and ConcurrentHashMap index it. */
    private static int fullestBucket(long[] ids, boolean mixed, int buckets) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (long id : ids) {
            int h = (mixed ? IdKeys.of(id) : Long.valueOf(id)).hashCode();
            counts.merge((h ^ (h >>> 16)) & (buckets - 1), 1, Integer::sum);
        }
        return counts.values().stream().max(Integer::compare).orElse(0);
    }

    @Test
    void idsMadeInARowCrowdBucketsAndTheirKeysDoNot() {
        for (int perMillisecond : new int[] {1, 2, 5}) {
            long[] ids = ids(2_000, perMillisecond);
            assertThat(fullestBucket(ids, false, 4096)).as("raw ids, %d per ms", perMillisecond)
                    .isGreaterThanOrEqualTo(8);
            // 2,000 keys in 4,096 buckets: a uniform hash's fullest bucket holds about 5-6.
            assertThat(fullestBucket(ids, true, 4096)).as("keys, %d per ms", perMillisecond).isLessThanOrEqualTo(7);
        }
    }

    @Test
    void distinctIdsGetDistinctKeys() {
        long[] ids = ids(100_000, 50);
        Set<Long> keys = new HashSet<>();
        for (long id : ids) {
            keys.add(IdKeys.of(id));
        }
        assertThat(keys).hasSize(ids.length);
        assertThat(IdKeys.of(ids[0])).isEqualTo(IdKeys.of(ids[0]));
    }
}
