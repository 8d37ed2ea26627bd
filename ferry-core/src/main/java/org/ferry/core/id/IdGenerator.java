package org.ferry.core.id;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time-ordered 64-bit ids, unique across nodes: 41 bits of milliseconds since 2025-01-01, 10 bits of
 * node id, 12 bits of sequence. If the sequence of one millisecond runs out, or the clock steps back,
 * the generator borrows from the future rather than repeating an id. Thread-safe and lock-free.
 */
public final class IdGenerator {
    static final long EPOCH_MS = 1_735_689_600_000L;
    private static final int NODE_BITS = 10;
    private static final int SEQ_BITS = 12;

    private final Clock clock;
    private final long node;
    /** The last issued (millis << SEQ_BITS | seq), node bits excluded. */
    private final AtomicLong last = new AtomicLong();

    public IdGenerator(Clock clock, int nodeId) {
        if (nodeId < 0 || nodeId >= (1 << NODE_BITS)) {
            throw new IllegalArgumentException("nodeId must be in 0..1023");
        }
        this.clock = clock;
        this.node = nodeId;
    }

    public long next() {
        long nowPart = (clock.millis() - EPOCH_MS) << SEQ_BITS;
        long value = last.updateAndGet(prev -> Math.max(prev + 1, nowPart));
        long millis = value >>> SEQ_BITS;
        long seq = value & ((1L << SEQ_BITS) - 1);
        return (millis << (NODE_BITS + SEQ_BITS)) | (node << SEQ_BITS) | seq;
    }

    /** The smallest id that could be generated at {@code epochMillis} on any node (for feed windows). */
    public static long floorAt(long epochMillis) {
        return Math.max(0, epochMillis - EPOCH_MS) << (NODE_BITS + SEQ_BITS);
    }
}
