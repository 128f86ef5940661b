package dev.orchestrator.controllers.runtime.internal;

import dev.orchestrator.api.controller.Request;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-key exponential back-off: the n-th failure in a row of a key waits {@code base × 2^(n-1)},
 * at most {@code max}; {@link #forget} starts the key over. Kubernetes' controllers use 5 ms to
 * 1000 s, so a key that keeps failing is retried ever more rarely but never given up. Guarded by
 * the owning queue's lock.
 */
final class KeyBackoff {

    private final long baseNanos;
    private final long maxNanos;
    private final Map<Request, Integer> failures = new HashMap<>();

    KeyBackoff(Duration base, Duration max) {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("back-off needs 0 < base <= max: " + base + ", " + max);
        }
        this.baseNanos = base.toNanos();
        this.maxNanos = max.toNanos();
    }

    /** Counts a failure of the key and answers how long it waits before the next attempt. */
    long nextDelayNanos(Request key) {
        int n = failures.merge(key, 1, Integer::sum);
        if (n > 62 || baseNanos > (maxNanos >> Math.min(n - 1, 62))) {
            return maxNanos;
        }
        return Math.min(maxNanos, baseNanos << (n - 1));
    }

    int failures(Request key) {
        return failures.getOrDefault(key, 0);
    }

    void forget(Request key) {
        failures.remove(key);
    }
}
