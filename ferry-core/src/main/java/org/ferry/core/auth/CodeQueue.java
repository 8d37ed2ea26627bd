package org.ferry.core.auth;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.ferry.protocol.FerryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded queue between sign-up requests and the external {@link CodeSender}: it never hands the
 * sender more than the configured rate (with at most 100 ms worth of tokens saved up), and when it is
 * full new requests get FLOOD_WAIT instead of waiting (DESIGN §4). One platform thread paces the queue
 * (a virtual thread parked once per code fell far behind its rate when thousands of request threads
 * shared the scheduler); each delivery then runs on its own virtual thread, at most
 * {@value #MAX_IN_FLIGHT} at once, so a slow SMS gateway does not serialise the codes. Thread-safe.
 */
public final class CodeQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CodeQueue.class);

    private record Job(String phone, String code) {
    }

    private final CodeSender sender;
    private final BlockingQueue<Job> queue;
    private final long intervalNanos;
    private static final int MAX_IN_FLIGHT = 256;

    private final Thread worker;
    private final long burstNanos;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean closed;

    public CodeQueue(CodeSender sender, int capacity, double perSecond) {
        this.sender = sender;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.intervalNanos = Math.max(1, (long) (1e9 / perSecond));
        this.burstNanos = 100_000_000L;
        this.worker = Thread.ofPlatform().daemon().name("code-queue").start(this::drain);
    }

    /** Queues a code for delivery, or throws FLOOD_WAIT when the queue is full. */
    public void submit(String phone, String code) {
        if (closed || !queue.offer(new Job(phone, code))) {
            int backlogSeconds = (int) Math.max(1, queue.size() * intervalNanos / 1_000_000_000L);
            throw FerryException.floodWait(backlogSeconds);
        }
    }

    private void drain() {
        long allowedAt = System.nanoTime();
        while (!closed) {
            Job job;
            try {
                job = queue.poll(200, TimeUnit.MILLISECONDS);
                if (job == null) {
                    continue;
                }
                long now = System.nanoTime();
                if (allowedAt > now) {
                    LockSupport.parkNanos(allowedAt - now);
                    now = System.nanoTime();
                }
                allowedAt = Math.max(allowedAt, now - burstNanos) + intervalNanos;
                inFlight.acquire();
            } catch (InterruptedException e) {
                return;
            }
            Thread.ofVirtual().name("code-delivery").start(() -> deliver(job));
        }
    }

    private void deliver(Job job) {
        try {
            sender.send(job.phone(), job.code());
            sent.incrementAndGet();
        } catch (Exception e) {
            failed.incrementAndGet();
            LOG.warn("login code delivery through {} failed: {}", sender.name(), e.toString());
        } finally {
            inFlight.release();
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
