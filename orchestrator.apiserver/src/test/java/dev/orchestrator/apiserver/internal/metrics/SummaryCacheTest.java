package dev.orchestrator.apiserver.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.MovableClock;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fetching kubelet summaries from loopback HTTP servers: in parallel, reused within the TTL, failures left out. */
class SummaryCacheTest {

    private static final Duration TTL = Duration.ofSeconds(5);
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-02T10:00:00Z"));
    private SummaryServer a;
    private SummaryServer b;
    private SummaryCache cache;

    @BeforeEach
    void start() throws Exception {
        a = new SummaryServer().answer(Summaries.of("a").node(100, 1024).json());
        b = new SummaryServer().answer(Summaries.of("b").node(200, 2048).json());
        cache = new SummaryCache(TTL, Duration.ofMillis(1500), 4, clock,
                dev.orchestrator.apiserver.internal.kubeletclient.KubeletTransport.plain());
    }

    @AfterEach
    void stop() {
        cache.close();
        a.close();
        b.close();
    }

    @Test
    void eachNodeIsFetchedOncePerTtl() {
        Map<String, String> nodes = Map.of("a", a.authority(), "b", b.authority());
        Map<String, NodeSummary> first = cache.summaries(nodes);
        assertEquals(100, first.get("a").node().orElseThrow().cpuNanoCores());
        assertEquals(2048, first.get("b").node().orElseThrow().memoryBytes());
        cache.summaries(nodes);
        clock.advance(TTL.minusMillis(1));
        cache.summaries(nodes);
        assertEquals(1, a.requests());
        assertEquals(1, b.requests());

        a.answer(Summaries.of("a").node(300, 1024).json());
        clock.advance(Duration.ofMillis(1));
        assertEquals(300, cache.summaries(nodes).get("a").node().orElseThrow().cpuNanoCores());
        assertEquals(2, a.requests());
    }

    @Test
    void aNodeWhoseAddressChangedIsFetchedAgainAtOnce() throws Exception {
        cache.summaries(Map.of("a", a.authority()));
        Map<String, NodeSummary> moved = cache.summaries(Map.of("a", b.authority()));
        assertEquals(200, moved.get("a").node().orElseThrow().cpuNanoCores());
    }

    @Test
    void refusingUnreachableAndSlowKubeletsAreLeftOutAndTheFailureIsReused() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (SummaryServer failing = new SummaryServer().fail(500);
             SummaryServer garbage = new SummaryServer().answer("not json");
             SummaryServer slow = new SummaryServer().answer(Summaries.of("s").node(1, 1).json()).delay(4_000)) {
            Map<String, String> nodes = Map.of("a", a.authority(), "failing", failing.authority(),
                    "garbage", garbage.authority(), "gone", "127.0.0.1:" + closedPort, "slow", slow.authority());
            Map<String, NodeSummary> answered = cache.summaries(nodes);
            assertEquals(java.util.Set.of("a"), answered.keySet());
            assertEquals(java.util.Set.of("a"), cache.summaries(nodes).keySet());
            assertEquals(1, failing.requests(), "a failure is kept for the TTL too");
            assertEquals(1, garbage.requests());
            assertEquals(1, slow.requests());
        }
    }

    @Test
    void afterCloseNothingNewIsFetched() {
        cache.close();
        assertTrue(cache.summaries(Map.of("a", a.authority())).isEmpty());
        assertEquals(0, a.requests());
    }
}
