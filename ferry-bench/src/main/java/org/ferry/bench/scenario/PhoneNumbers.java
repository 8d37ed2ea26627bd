package org.ferry.bench.scenario;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Unique, valid German mobile numbers ({@code +49 151/152/157} and eight digits) for sign-ups. Each generator
 * starts at a random point of the 300 million numbers it can make, so that runs against the same store rarely
 * meet an existing account. Thread-safe.
 */
public final class PhoneNumbers {
    private static final String[] PREFIXES = {"+49151", "+49152", "+49157"};
    private static final long PER_PREFIX = 100_000_000L;

    private final AtomicLong next;

    public PhoneNumbers() {
        this(ThreadLocalRandom.current().nextLong(PREFIXES.length * PER_PREFIX));
    }

    public PhoneNumbers(long start) {
        this.next = new AtomicLong(start);
    }

    public String next() {
        long n = Math.floorMod(next.getAndIncrement(), PREFIXES.length * PER_PREFIX);
        return PREFIXES[(int) (n / PER_PREFIX)] + String.format("%08d", n % PER_PREFIX);
    }
}
