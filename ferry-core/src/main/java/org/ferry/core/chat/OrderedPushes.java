package org.ferry.core.chat;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.ferry.core.id.IdKeys;

/**
 * Pushes each chat's log entries in seq order, however the threads that appended them are scheduled. The store
 * reports a chat's durable entries in seq order ({@code ChatLogStore.append}'s {@code whenDurable}), each into the
 * chat's outbox; every publisher, once its append has returned, pushes whatever the outbox holds, in order, its
 * own entry included unless a publisher before it already did. A publisher resumed late (under load, seconds) no
 * longer pushes its entry after the ones appended behind it, so a client is not sent seq 6 before seq 5 and made
 * to fetch a difference for a gap that is not there. Nobody waits for a missing entry: an entry is in the outbox
 * before its own publisher can push anything.
 *
 * <p>An outbox exists only while publishers of its chat are between {@link #open} and {@link Outbox#close}.
 * Thread-safe.
 */
final class OrderedPushes {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(OrderedPushes.class);

    /** By {@link IdKeys#of} chat id. */
    private final ConcurrentHashMap<Long, Outbox> outboxes = new ConcurrentHashMap<>();

    /** The chat's outbox, held open until {@link Outbox#close}; open it before appending, close it after pushing. */
    Outbox open(long chatId) {
        return outboxes.compute(IdKeys.of(chatId), (key, outbox) -> {
            Outbox open = outbox != null ? outbox : new Outbox(key);
            open.publishers++;
            return open;
        });
    }

    /** Chats with an outbox open; for tests. */
    int openChats() {
        return outboxes.size();
    }

    /** One chat's pushes waiting to go out, in seq order. */
    final class Outbox implements AutoCloseable {
        private final Long key;
        private final ReentrantLock pushing = new ReentrantLock();
        private final ArrayDeque<Runnable> waiting = new ArrayDeque<>(); // guarded by itself
        private int publishers; // guarded by the map's compute on key

        private Outbox(Long key) {
            this.key = key;
        }

        /** Queues the push of a durable entry; called by the store in seq order, so it only records. */
        void add(Runnable push) {
            synchronized (waiting) {
                waiting.add(push);
            }
        }

        /**
         * Runs the queued pushes in order, waiting first for a publisher already running them; when this returns,
         * every push added before it was called has been made.
         */
        void pushAll() {
            pushing.lock();
            try {
                Runnable next;
                while ((next = poll()) != null) {
                    try {
                        next.run();
                    } catch (RuntimeException e) {
                        log.error("a push failed; the chat's later pushes go on", e);
                    }
                }
            } finally {
                pushing.unlock();
            }
        }

        private Runnable poll() {
            synchronized (waiting) {
                return waiting.poll();
            }
        }

        /** This publisher is done with the outbox; the last one out removes it. */
        @Override
        public void close() {
            outboxes.computeIfPresent(key, (k, outbox) -> outbox != this || --publishers > 0 ? outbox : null);
        }
    }
}
