package dev.orchestrator.controllers.runtime.internal;

import java.util.function.LongSupplier;

/**
 * The overall rate limit of a controller's retries: {@code qps} tokens a second, at most
 * {@code burst} saved up. A reservation always succeeds and answers how long the caller waits for
 * its token, so a burst of failing keys is spread out instead of hammering the API. Guarded by the
 * owning queue's lock.
 */
final class TokenBucket {

    private final double perNano;
    private final double burst;
    private final LongSupplier clock;
    private double tokens;
    private long last;

    TokenBucket(double qps, int burst, LongSupplier nanoClock) {
        if (qps <= 0 || burst < 1) {
            throw new IllegalArgumentException("a token bucket needs qps > 0 and burst >= 1: " + qps + ", " + burst);
        }
        this.perNano = qps / 1e9;
        this.burst = burst;
        this.clock = nanoClock;
        this.tokens = burst;
        this.last = nanoClock.getAsLong();
    }

    /** Takes a token (possibly one that is not there yet) and answers the wait until it is. */
    long reserveNanos() {
        long now = clock.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        tokens -= 1;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / perNano);
    }
}
