package org.ferry.gateway;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * The work of one connection, run in arrival order, one task at a time, off the event loop. An idle connection
 * costs no thread and no buffer: a drainer (a virtual thread in production) is started only when a task arrives at
 * an empty queue, and it ends, releasing the queue, when the queue is empty again. Bounded by task count and by
 * bytes, so a client that sends faster than it is served is told to wait instead of growing the heap.
 * Thread-safe: {@link #offer} is called from the event loop, tasks run on the drainer.
 */
final class SerialQueue {
    private static final ThreadFactory VIRTUAL = Thread.ofVirtual().name("ferry-conn-", 0).factory();
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SerialQueue.class);

    /** Starts each drainer on a new virtual thread. */
    static final Executor VIRTUAL_THREADS = task -> VIRTUAL.newThread(task).start();

    private record Entry(Runnable task, int bytes) {
    }

    private final Executor drainers;
    private final int maxTasks;
    private final int maxBytes;
    private ArrayDeque<Entry> entries; // guarded by this; null while idle
    private int queuedBytes;           // guarded by this
    private boolean draining;          // guarded by this

    SerialQueue(Executor drainers, int maxTasks, int maxBytes) {
        this.drainers = drainers;
        this.maxTasks = maxTasks;
        this.maxBytes = maxBytes;
    }

    /** Queues a task weighing {@code bytes}; false if the queue is full, and then the task will not run. */
    boolean offer(Runnable task, int bytes) {
        return enqueue(task, bytes, false);
    }

    /** Queues a task regardless of the bounds: for the few that must run, such as the close notification. */
    void offerAlways(Runnable task) {
        enqueue(task, 0, true);
    }

    private boolean enqueue(Runnable task, int bytes, boolean always) {
        synchronized (this) {
            if (entries == null) {
                entries = new ArrayDeque<>(4);
            }
            if (!always && (entries.size() >= maxTasks || queuedBytes + bytes > maxBytes)) {
                return false;
            }
            entries.add(new Entry(task, bytes));
            queuedBytes += bytes;
            if (draining) {
                return true;
            }
            draining = true;
        }
        try {
            drainers.execute(this::drain);
        } catch (RuntimeException | OutOfMemoryError e) {
            synchronized (this) {
                draining = false;
            }
            throw e;
        }
        return true;
    }

    private void drain() {
        while (true) {
            Entry next;
            synchronized (this) {
                next = entries.poll();
                if (next == null) {
                    entries = null;
                    draining = false;
                    return;
                }
            }
            try {
                next.task().run();
            } catch (Throwable t) {
                log.error("a connection task failed", t);
            } finally {
                synchronized (this) {
                    queuedBytes -= next.bytes();
                }
            }
        }
    }
}
