package dev.orchestrator.controllers.internal.replicaset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplicaSetStatusCalcTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:01:00Z");

    @Test
    void countsReadyAvailableAfterMinReadySecondsAndFullyLabeled() {
        ReplicaSet rs = Pods.replicaSet(4, 30);
        String created = "2026-01-01T00:00:00Z";
        List<Pod> pods = List.of(
                Pods.pod("long-ready", "n1", "Running", "2026-01-01T00:00:10Z", created),
                Pods.pod("just-ready", "n1", "Running", "2026-01-01T00:00:50Z", created),
                Pods.pod("not-ready", "n1", "Running", null, created),
                new PodBuilder(Pods.pod("partly-labeled", "n1", "Pending", null, created)).editMetadata()
                        .withLabels(Map.of("app", "web")).endMetadata().build());
        ReplicaSetStatus status = ReplicaSetStatusCalc.compute(rs, pods, Optional.empty(), NOW);
        assertEquals(4, status.getReplicas());
        assertEquals(3, status.getFullyLabeledReplicas());
        assertEquals(2, status.getReadyReplicas());
        assertEquals(1, status.getAvailableReplicas());
        assertEquals(3L, status.getObservedGeneration());
        assertEquals(List.of(), status.getConditions());
    }

    @Test
    void aFailureSetsReplicaFailureOnceAndSuccessClearsIt() {
        ReplicaSet rs = Pods.replicaSet(1, 0);
        ReplicaSetStatus failing = ReplicaSetStatusCalc.compute(rs, List.of(),
                Optional.of(new ReplicaSetStatusCalc.Failure("FailedCreate", "pods \"web-x\" is forbidden")), NOW);
        assertEquals(1, failing.getConditions().size());
        assertEquals("ReplicaFailure", failing.getConditions().get(0).getType());
        assertEquals("FailedCreate", failing.getConditions().get(0).getReason());

        ReplicaSet withCondition = new ReplicaSetBuilder(rs).withStatus(failing).build();
        ReplicaSetStatus again = ReplicaSetStatusCalc.compute(withCondition, List.of(),
                Optional.of(new ReplicaSetStatusCalc.Failure("FailedCreate", "another message")), NOW.plusSeconds(60));
        assertFalse(ReplicaSetStatusCalc.differs(failing, again), "a repeated failure does not rewrite the status");

        ReplicaSetStatus recovered = ReplicaSetStatusCalc.compute(withCondition, List.of(), Optional.empty(), NOW);
        assertEquals(List.of(), recovered.getConditions());
        assertTrue(ReplicaSetStatusCalc.differs(failing, recovered));
    }
}
