package dev.orchestrator.controllers.internal.nodelifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per zone (burst 1) for the NoExecute taints that start evictions. Its tokens live in memory:
 * a restarted controller may taint one node per zone at once, the burst Kubernetes allows anyway.
 */
final class ZoneRateLimiter {

    private static final class Bucket {
        double tokens = 1;
        Instant refilled;

        Bucket(Instant now) {
            refilled = now;
        }
    }

    /** The wait reported for a zone that does not evict at all. */
    static final Duration NEVER = Duration.ofDays(365);

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * Takes the zone's token when there is one.
     *
     * @return empty when taken, else how long until there will be one ({@link #NEVER} at a rate of 0: the caller
     *     looks again later, as the zone's state may change)
     */
    synchronized Optional<Duration> tryTake(String zone, double perSecond, Instant now) {
        Bucket bucket = buckets.computeIfAbsent(zone, z -> new Bucket(now));
        double elapsed = Math.max(0, Duration.between(bucket.refilled, now).toNanos() / 1e9);
        bucket.tokens = Math.min(1, bucket.tokens + elapsed * perSecond);
        bucket.refilled = now;
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return Optional.empty();
        }
        if (perSecond <= 0) {
            return Optional.of(NEVER);
        }
        return Optional.of(Duration.ofNanos((long) Math.ceil((1 - bucket.tokens) / perSecond * 1e9)));
    }
}
