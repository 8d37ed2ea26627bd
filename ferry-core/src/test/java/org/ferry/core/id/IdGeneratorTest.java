package org.ferry.core.id;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.ferry.core.testkit.FakeClock;
import org.junit.jupiter.api.Test;

class IdGeneratorTest {
    @Test
    void idsAreUniqueAndIncreasingEvenWithinOneMillisecondAndAcrossThreads() throws Exception {
        FakeClock clock = new FakeClock();
        IdGenerator ids = new IdGenerator(clock, 7);
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = Thread.ofPlatform().start(() -> {
                long prev = 0;
                for (int i = 0; i < 10_000; i++) {
                    long id = ids.next();
                    assertThat(id).isGreaterThan(prev);
                    prev = id;
                    seen.add(id);
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(seen).hasSize(40_000); // far more than 4096 per millisecond: borrowed from the future, no repeats
    }

    @Test
    void idsFollowTheClockAndCarryTheNode() {
        FakeClock clock = new FakeClock();
        IdGenerator a = new IdGenerator(clock, 1);
        IdGenerator b = new IdGenerator(clock, 2);
        long first = a.next();
        assertThat(b.next()).isNotEqualTo(first);
        clock.advance(Duration.ofSeconds(1));
        long later = a.next();
        assertThat(later).isGreaterThanOrEqualTo(IdGenerator.floorAt(clock.millis()));
        assertThat(first).isLessThan(IdGenerator.floorAt(clock.millis()));
    }
}
