package dev.orchestrator.apiserver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class InflightLimiterTest {

    @Test
    void aClientOverItsCapGets429WithRetryAfterWhileOthersAreServed() {
        InflightLimiter limiter = new InflightLimiter(2);
        limiter.acquire("a");
        limiter.acquire("a");
        ApiException e = assertThrows(ApiException.class, () -> limiter.acquire("a"));
        assertEquals(429, e.code);
        assertEquals("TooManyRequests", e.reason);
        assertEquals(1, e.retryAfterSeconds);
        limiter.acquire("b");
        limiter.release("a");
        limiter.acquire("a");
    }
}
