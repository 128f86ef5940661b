package dev.orchestrator.network.hostgw.internal;

import static dev.orchestrator.network.hostgw.internal.TestNodes.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.metrics.Metric;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteSyncerTest {

    private final FakeRouteTable table = new FakeRouteTable();
    private final HostGwMetrics metrics = new HostGwMetrics();
    private final RouteSyncer syncer = new RouteSyncer(new RoutePlanner("a", Ipv4Cidr.parse("10.244.0.0/16")), table,
            metrics);

    @Test
    void anUnreachableGatewayFailsAloneAndIsCounted() {
        SyncOutcome outcome = syncer.sync(List.of(node("a", "10.244.1.0/24", "10.245.0.1"),
                node("b", "10.244.2.0/24", "10.245.0.2"), node("far", "10.244.3.0/24", "10.99.0.3"),
                node("c", "10.244.4.0/24", "10.245.0.4")));
        assertEquals(new SyncOutcome(2, 2, 1), outcome);
        assertFalse(outcome.clean());
        assertEquals(Map.of(Ipv4Cidr.parse("10.244.2.0/24"), "10.245.0.2", Ipv4Cidr.parse("10.244.4.0/24"),
                "10.245.0.4"), table.ours);
        assertEquals(1, metrics.errors());
        assertEquals(2, metrics.routes());
        assertEquals(List.of("replace 10.244.2.0/24 via 10.245.0.2", "replace 10.244.3.0/24 via 10.99.0.3",
                "replace 10.244.4.0/24 via 10.245.0.4"), table.takeWrites());

        // the next sync tries only the failing route again; once the gateway is reachable it goes in
        table.connected.add(Ipv4Cidr.parse("10.99.0.0/24"));
        SyncOutcome retried = syncer.sync(List.of(node("b", "10.244.2.0/24", "10.245.0.2"),
                node("far", "10.244.3.0/24", "10.99.0.3"), node("c", "10.244.4.0/24", "10.245.0.4")));
        assertEquals(new SyncOutcome(3, 1, 0), retried);
        assertEquals(List.of("replace 10.244.3.0/24 via 10.99.0.3"), table.takeWrites());
    }

    @Test
    void aSyncWithNothingToDoWritesNothingAndAGoneNodesRouteIsDeleted() {
        List<io.fabric8.kubernetes.api.model.Node> two = List.of(node("b", "10.244.2.0/24", "10.245.0.2"),
                node("c", "10.244.4.0/24", "10.245.0.4"));
        syncer.sync(two);
        table.takeWrites();
        assertEquals(new SyncOutcome(2, 0, 0), syncer.sync(two));
        assertEquals(List.of(), table.takeWrites());
        assertEquals(new SyncOutcome(1, 1, 0), syncer.sync(two.subList(0, 1)));
        assertEquals(List.of("del 10.244.4.0/24"), table.takeWrites());
    }

    @Test
    void aRouteSomeoneRepointedIsPutBack() {
        syncer.sync(List.of(node("b", "10.244.2.0/24", "10.245.0.2")));
        table.ours.put(Ipv4Cidr.parse("10.244.2.0/24"), "10.245.0.77");
        table.takeWrites();
        syncer.sync(List.of(node("b", "10.244.2.0/24", "10.245.0.2")));
        assertEquals(List.of("replace 10.244.2.0/24 via 10.245.0.2"), table.takeWrites());
    }

    @Test
    void anUnreadableTableChangesNothingAndCountsAnError() {
        table.readFails = true;
        assertFalse(syncer.sync(List.of(node("b", "10.244.2.0/24", "10.245.0.2"))).clean());
        assertEquals(List.of(), table.takeWrites());
        assertEquals(1, metrics.errors());
    }

    @Test
    void removeAllDeletesEveryRouteOfOurs() throws Exception {
        syncer.sync(List.of(node("b", "10.244.2.0/24", "10.245.0.2"), node("c", "10.244.4.0/24", "10.245.0.4")));
        assertEquals(2, syncer.removeAll());
        assertTrue(table.ours.isEmpty());
        assertEquals(0, metrics.routes());
    }

    @Test
    void metricsNameRoutesErrorsAndDuration() {
        syncer.sync(List.of(node("b", "10.244.2.0/24", "10.245.0.2"), node("x", "10.99.0.0/24", "10.245.0.9")));
        Map<String, Double> values = new java.util.HashMap<>();
        for (Metric m : metrics.metrics()) {
            values.put(m.name(), m.samples().get(0).value());
        }
        assertEquals(1.0, values.get(HostGwMetrics.ROUTES));
        assertEquals(1.0, values.get(HostGwMetrics.SKIPPED));
        assertEquals(1.0, values.get(HostGwMetrics.SYNCS));
        assertEquals(0.0, values.get(HostGwMetrics.ERRORS));
        assertTrue(values.get(HostGwMetrics.DURATION) >= 0);
    }
}
