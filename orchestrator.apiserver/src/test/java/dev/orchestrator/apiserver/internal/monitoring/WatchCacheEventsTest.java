package dev.orchestrator.apiserver.internal.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orchestrator.api.metrics.Metric;
import dev.orchestrator.api.metrics.Sample;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchCacheEventsTest {

    @Test
    void countsByGroupResourceAcrossFeedsOfTheSameResource() {
        WatchCacheEvents events = new WatchCacheEvents();
        events.received("/registry/pods/").add(3);
        events.received("/registry/apps/deployments/").add(2);
        events.received("/registry/pods/").add(1); // the shared watch made again: the same counter
        Metric m = events.metric();
        assertEquals("apiserver_watch_cache_events_received_total", m.name());
        assertEquals(Metric.Type.COUNTER, m.type());
        assertEquals(List.of(Sample.of("resource", "deployments.apps", 2), Sample.of("resource", "pods", 4)), m.samples());
    }
}
