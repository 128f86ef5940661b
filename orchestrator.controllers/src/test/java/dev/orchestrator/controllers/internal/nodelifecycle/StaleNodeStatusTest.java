package dev.orchestrator.controllers.internal.nodelifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StaleNodeStatusTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void theKubeletsConditionsBecomeUnknownAndOthersStay() {
        List<NodeCondition> conditions = List.of(
                new NodeConditionBuilder().withType("Ready").withStatus("True").withReason("KubeletReady")
                        .withLastHeartbeatTime("2026-12-03T09:59:00Z").build(),
                new NodeConditionBuilder().withType("NetworkUnavailable").withStatus("False").build());
        List<NodeCondition> stale = StaleNodeStatus.unknown(conditions, false, NOW).orElseThrow();
        NodeCondition ready = stale.get(0);
        assertEquals("Unknown", ready.getStatus());
        assertEquals("NodeStatusUnknown", ready.getReason());
        assertEquals("Kubelet stopped posting node status.", ready.getMessage());
        assertEquals("2026-12-03T09:59:00Z", ready.getLastHeartbeatTime(), "the last heartbeat stays what it was");
        assertEquals(NOW.toString(), ready.getLastTransitionTime());
        assertEquals("False", stale.get(1).getStatus(), "not a kubelet condition");
        assertEquals(List.of("Ready", "NetworkUnavailable", "MemoryPressure", "DiskPressure", "PIDPressure"),
                stale.stream().map(NodeCondition::getType).toList());
        assertTrue(StaleNodeStatus.unknown(stale, false, NOW.plusSeconds(5)).isEmpty(), "nothing left to change");
    }

    @Test
    void aNodeThatNeverReportedSaysSo() {
        NodeCondition ready = StaleNodeStatus.unknown(List.of(), true, NOW).orElseThrow().get(0);
        assertEquals("NodeStatusNeverUpdated", ready.getReason());
        assertEquals("Kubelet never posted node status.", ready.getMessage());
    }

    @Test
    void heartbeatsAgeFromTheirLastChangeOnOurClock() {
        Heartbeats heartbeats = new Heartbeats();
        assertEquals(NOW, heartbeats.lastAlive("n", "t1", NOW));
        assertEquals(NOW, heartbeats.lastAlive("n", "t1", NOW.plusSeconds(30)), "the same heartbeat is no news");
        assertEquals(NOW.plusSeconds(31), heartbeats.lastAlive("n", "t2", NOW.plusSeconds(31)));
        heartbeats.forget("n");
        assertEquals(NOW.plusSeconds(40), heartbeats.lastAlive("n", "t2", NOW.plusSeconds(40)),
                "forgotten: a whole grace period again");
    }
}
