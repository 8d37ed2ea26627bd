package org.ferry.protocol;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.RecyclerPool;
import java.io.Serial;
import java.util.Arrays;

/**
 * Jackson's encoding buffers, shared by every thread, most recently returned first: the buffers handed out are
 * the ones still in the CPU's cache. Keeps at most {@code capacity} recyclers; one returned to a full pool is left
 * to the garbage collector, so a burst of concurrent requests does not pin its buffers for good.
 *
 * <p>Why not Jackson's own pools: its deque pool hands out the least recently returned recycler (first in, first
 * out), whose buffers are cold; taking one was ~5 % of the request threads' CPU in the chat profile at 10,000
 * msgs/s (docs/benchmarks.md). Its last-in-first-out lock-free pool is deprecated for retaining objects without
 * bound (jackson-core #1260, #1271). Per-thread pools do not suit requests that each run on a new virtual thread.
 * Thread-safe; not meant to be serialised with a {@code JsonFactory}.
 */
final class LifoBufferPool implements RecyclerPool<BufferRecycler> {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient BufferRecycler[] stack;
    private transient int size; // guarded by this

    LifoBufferPool(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.stack = new BufferRecycler[capacity];
    }

    @Override
    public BufferRecycler acquirePooled() {
        synchronized (this) {
            if (size > 0) {
                BufferRecycler recycler = stack[--size];
                stack[size] = null;
                return recycler;
            }
        }
        return new BufferRecycler();
    }

    @Override
    public void releasePooled(BufferRecycler recycler) {
        synchronized (this) {
            if (size < stack.length) {
                stack[size++] = recycler;
            }
        }
    }

    @Override
    public synchronized int pooledCount() {
        return size;
    }

    @Override
    public synchronized boolean clear() {
        Arrays.fill(stack, 0, size, null);
        size = 0;
        return true;
    }
}
