package org.ferry.core.auth;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.ferry.protocol.FerryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded queue between sign-up requests and the external {@link CodeSender}: it never hands the
 * sender more than the configured rate, and when it is full new requests get FLOOD_WAIT instead of
 * waiting (DESIGN §4). One virtual-thread worker drains it. Thread-safe.
 */
public final class CodeQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CodeQueue.class);

    private record Job(String phone, String code) {
    }

    private final CodeSender sender;
    private final BlockingQueue<Job> queue;
    private final long intervalNanos;
    private final Thread worker;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean closed;

    public CodeQueue(CodeSender sender, int capacity, double perSecond) {
        this.sender = sender;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.intervalNanos = (long) (1e9 / perSecond);
        this.worker = Thread.ofVirtual().name("code-sender").start(this::drain);
    }

    /** Queues a code for delivery, or throws FLOOD_WAIT when the queue is full. */
    public void submit(String phone, String code) {
        if (closed || !queue.offer(new Job(phone, code))) {
            int backlogSeconds = (int) Math.max(1, queue.size() * intervalNanos / 1_000_000_000L);
            throw FerryException.floodWait(backlogSeconds);
        }
    }

    private void drain() {
        long next = System.nanoTime();
        while (!closed) {
            Job job;
            try {
                job = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (job == null) {
                continue;
            }
            long now = System.nanoTime();
            if (next > now) {
                LockSupport.parkNanos(next - now);
            }
            next = Math.max(next, now) + intervalNanos;
            try {
                sender.send(job.phone(), job.code());
                sent.incrementAndGet();
            } catch (Exception e) {
                failed.incrementAndGet();
                LOG.warn("login code delivery through {} failed: {}", sender.name(), e.toString());
            }
        }
    }

    public long sent() {
        return sent.get();
    }

    public long failed() {
        return failed.get();
    }

    public int backlog() {
        return queue.size();
    }

    @Override
    public void close() {
        closed = true;
        worker.interrupt();
    }
}
