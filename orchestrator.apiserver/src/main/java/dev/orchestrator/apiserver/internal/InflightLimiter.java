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

    /**
     * Who a request counts against: its authenticated user, so that the components' client and the people on the
     * same machine do not share one cap; the address for anonymous requests and a server without authentication
     * (a client must not get more by changing its User-Agent).
     */
    static String clientOf(jakarta.servlet.http.HttpServletRequest request) {
        Object user = request.getAttribute(dev.orchestrator.api.security.RequestIdentity.USER);
        return user instanceof String name && !name.equals("system:anonymous") ? "user:" + name
                : "address:" + request.getRemoteAddr();
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
