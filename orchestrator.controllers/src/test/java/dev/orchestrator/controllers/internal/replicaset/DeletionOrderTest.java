package dev.orchestrator.controllers.internal.replicaset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeletionOrderTest {

    @Test
    void unscheduledThenPendingThenNotReadyThenReadyThenNewestFirst() {
        List<Pod> pods = new ArrayList<>(List.of(
                Pods.pod("ready-old", "n1", "Running", "2026-01-01T00:00:10Z", "2026-01-01T00:00:00Z"),
                Pods.pod("ready-recently", "n1", "Running", "2026-01-01T00:05:00Z", "2026-01-01T00:00:00Z"),
                Pods.pod("running-not-ready", "n1", "Running", null, "2026-01-01T00:00:00Z"),
                Pods.pod("pending-on-node", "n1", "Pending", null, "2026-01-01T00:00:00Z"),
                Pods.pod("unscheduled", "", "Pending", null, "2026-01-01T00:00:00Z"),
                Pods.pod("not-ready-newer", "n1", "Running", null, "2026-01-01T00:01:00Z")));
        Collections.shuffle(pods);
        pods.sort(DeletionOrder.FIRST_TO_DELETE);
        assertEquals(List.of("unscheduled", "pending-on-node", "not-ready-newer", "running-not-ready",
                "ready-recently", "ready-old"), pods.stream().map(p -> p.getMetadata().getName()).toList());
    }
}
