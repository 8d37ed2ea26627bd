package org.ferry.core.id;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time-ordered ids, unique across nodes, that fit in 53 bits so that JavaScript clients read them as
 * exact numbers: 40 bits of milliseconds since 2025-01-01 (until 2059), 5 bits of node id, 8 bits of
 * sequence. If the sequence of one millisecond runs out, or the clock steps back, the generator borrows
 * from the future rather than repeating an id. Thread-safe and lock-free.
 */
public final class IdGenerator {
    static final long EPOCH_MS = 1_735_689_600_000L;
    public static final int NODE_BITS = 5;
    private static final int SEQ_BITS = 8;
    public static final int MAX_NODE_ID = (1 << NODE_BITS) - 1;

    private final Clock clock;
    private final long node;
    /** The last issued (millis << SEQ_BITS | seq), node bits excluded. */
    private final AtomicLong last = new AtomicLong();

    public IdGenerator(Clock clock, int nodeId) {
        if (nodeId < 0 || nodeId > MAX_NODE_ID) {
            throw new IllegalArgumentException("nodeId must be in 0.." + MAX_NODE_ID);
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
