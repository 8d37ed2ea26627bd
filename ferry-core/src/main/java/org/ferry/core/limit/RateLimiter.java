package org.ferry.core.limit;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ferry.core.CoreConfig;
import org.ferry.core.user.UserService;
import org.ferry.protocol.FerryException;

/**
 * Token buckets per {@link RateLimit} and key, in memory on this node. A caller that exceeds a limit
 * gets {@code FLOOD_WAIT} with the seconds until a token is back; nobody waits inside the server.
 * Idle buckets are forgotten so memory stays bounded by the active keys. Thread-safe.
 */
public final class RateLimiter {
    private static final int MAX_KEYS_PER_LIMIT = 1_000_000;

    private record Rate(double perSecond, double burst) {
    }

    private static final class Bucket {
        double tokens;
        long updatedNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedNanos = now;
        }
    }

    private final Clock clock;
    private final Map<RateLimit, Rate> rates = new EnumMap<>(RateLimit.class);
    private final Map<RateLimit, ConcurrentHashMap<String, Bucket>> buckets = new EnumMap<>(RateLimit.class);

    public RateLimiter(Clock clock, CoreConfig.RateLimits limits) {
        this.clock = clock;
        rates.put(RateLimit.CODE_PER_PHONE, new Rate(limits.codesPerPhonePerHour() / 3600.0, 5));
        rates.put(RateLimit.CODE_PER_IP, new Rate(limits.codesPerIpPerMinute() / 60.0,
                Math.max(1, limits.codesPerIpPerMinute() / 6)));
        rates.put(RateLimit.CODE_PER_PREFIX, new Rate(limits.codesPerPrefixPerSecond(), limits.codesPerPrefixPerSecond()));
        rates.put(RateLimit.CODE_GLOBAL, new Rate(limits.codesGlobalPerSecond(), limits.codesGlobalPerSecond()));
        rates.put(RateLimit.SIGN_IN_PER_IP, new Rate(limits.signInPerIpPerMinute() / 60.0,
                Math.max(1, limits.signInPerIpPerMinute() / 6)));
        rates.put(RateLimit.CONTACTS_PER_USER, new Rate(limits.contactsPerUserPerHour() / 3600.0,
                Math.max(UserService.IMPORT_MAX, limits.contactsPerUserPerHour() / 4)));
        rates.put(RateLimit.SEND_PER_USER, new Rate(limits.sendsPerUserPerSecond(), limits.sendBurst()));
        for (RateLimit limit : RateLimit.values()) {
            buckets.put(limit, new ConcurrentHashMap<>());
        }
    }

    /** Takes one token or throws FLOOD_WAIT. */
    public void acquire(RateLimit limit, String key) {
        acquire(limit, key, 1);
    }

    /** Takes {@code n} tokens at once, or none and throws FLOOD_WAIT. */
    public void acquire(RateLimit limit, String key, int n) {
        long waitMs = tryAcquire(limit, key, n);
        if (waitMs > 0) {
            throw FerryException.floodWait((int) Math.max(1, (waitMs + 999) / 1000));
        }
    }

    /** Takes one token; returns 0 on success, or the milliseconds until one is available. */
    public long tryAcquire(RateLimit limit, String key) {
        return tryAcquire(limit, key, 1);
    }

    private long tryAcquire(RateLimit limit, String key, int n) {
        Rate rate = rates.get(limit);
        ConcurrentHashMap<String, Bucket> map = buckets.get(limit);
        long now = clock.millis() * 1_000_000L;
        if (map.size() > MAX_KEYS_PER_LIMIT) {
            evictFull(map, rate, now);
        }
        Bucket bucket = map.computeIfAbsent(key, k -> new Bucket(rate.burst, now));
        synchronized (bucket) {
            double elapsed = Math.max(0, now - bucket.updatedNanos) / 1e9;
            bucket.tokens = Math.min(rate.burst, bucket.tokens + elapsed * rate.perSecond);
            bucket.updatedNanos = now;
            if (bucket.tokens >= n) {
                bucket.tokens -= n;
                return 0;
            }
            return (long) Math.ceil((Math.min(n, rate.burst) - bucket.tokens) / rate.perSecond * 1000);
        }
    }

    private static void evictFull(ConcurrentHashMap<String, Bucket> map, Rate rate, long now) {
        map.entrySet().removeIf(e -> {
            Bucket b = e.getValue();
            synchronized (b) {
                return b.tokens + (now - b.updatedNanos) / 1e9 * rate.perSecond >= rate.burst;
            }
        });
    }
}
