package dev.orchestrator.apiserver.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the requests one client may have in flight at once (watches excepted, they are
 * long-running by design); a client over its cap gets 429 with Retry-After, so one busy
 * client cannot take every server thread.
 */
final class InflightLimiter {

    private final int maxPerClient;
    private final ConcurrentHashMap<String, AtomicInteger> inflight = new ConcurrentHashMap<>();

    InflightLimiter(int maxPerClient) {
        this.maxPerClient = maxPerClient;
    }

    /** Takes a slot for {@code client} or throws 429; release it with {@link #release}. */
    void acquire(String client) {
        AtomicInteger count = inflight.computeIfAbsent(client, c -> new AtomicInteger());
        if (count.incrementAndGet() > maxPerClient) {
            count.decrementAndGet();
            throw ApiException.tooManyRequests("too many requests in flight from this client (limit "
                    + maxPerClient + "); retry shortly", 1);
        }
    }

    void release(String client) {
        inflight.computeIfPresent(client, (c, count) -> count.decrementAndGet() <= 0 ? null : count);
    }
}
