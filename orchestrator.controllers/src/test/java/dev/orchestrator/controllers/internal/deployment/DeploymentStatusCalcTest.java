package dev.orchestrator.controllers.internal.deployment;

import static dev.orchestrator.controllers.internal.deployment.ReplicaSets.deployment;
import static dev.orchestrator.controllers.internal.deployment.ReplicaSets.rs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeploymentStatusCalcTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private static Deployment withStatus(Deployment d, DeploymentStatus status) {
        return new DeploymentBuilder(d).withStatus(status).build();
    }

    private static String reason(DeploymentStatus status, String type) {
        return DeploymentConditions.get(status, type).map(DeploymentCondition::getReason).orElse(null);
    }

    @Test
    void countsComeFromTheReplicaSets() {
        Deployment d = deployment(3, "1", "0");
        ReplicaSet old = rs("old", "2026-01-01T00:00:00Z", 2, 2, 2);
        ReplicaSet fresh = rs("new", "2026-01-02T00:00:00Z", 2, 2, 1);
        DeploymentStatus s = DeploymentStatusCalc.compute(d, fresh, List.of(old, fresh), NOW);
        assertEquals(4, s.getReplicas());
        assertEquals(2, s.getUpdatedReplicas());
        assertEquals(3, s.getAvailableReplicas());
        assertEquals(0, s.getUnavailableReplicas());
        assertEquals(2L, s.getObservedGeneration());
        assertEquals(DeploymentConditions.MINIMUM_AVAILABLE, reason(s, DeploymentConditions.AVAILABLE));
    }

    @Test
    void progressThenCompleteThenNothingMoreToDo() {
        Deployment d = deployment(2, "1", "0");
        ReplicaSet half = rs("new", "2026-01-02T00:00:00Z", 2, 2, 1);
        DeploymentStatus before = DeploymentStatusCalc.compute(d, rs("new", "2026-01-02T00:00:00Z", 1, 1, 0),
                List.of(rs("new", "2026-01-02T00:00:00Z", 1, 1, 0)), NOW);
        Deployment seen = withStatus(d, before);
        DeploymentStatus s = DeploymentStatusCalc.compute(seen, half, List.of(half), NOW);
        Optional<Duration> again = DeploymentStatusCalc.progress(seen, half, s, Optional.empty(), NOW);
        assertEquals(DeploymentConditions.RS_UPDATED, reason(s, DeploymentConditions.PROGRESSING));
        assertEquals(Optional.of(Duration.ofSeconds(601)), again, "looks again when the deadline would pass");

        ReplicaSet done = rs("new", "2026-01-02T00:00:00Z", 2, 2, 2);
        DeploymentStatus complete = DeploymentStatusCalc.compute(withStatus(d, s), done, List.of(done), NOW);
        assertEquals(Optional.empty(), DeploymentStatusCalc.progress(withStatus(d, s), done, complete, Optional.empty(), NOW));
        assertEquals(DeploymentConditions.NEW_RS_AVAILABLE, reason(complete, DeploymentConditions.PROGRESSING));
    }

    @Test
    void nothingMovingPastTheDeadlineTimesOut() {
        Deployment d = deployment(2, "1", "0");
        ReplicaSet stuck = rs("new", "2026-01-02T00:00:00Z", 1, 1, 0);
        DeploymentStatus first = DeploymentStatusCalc.compute(d, stuck, List.of(stuck), NOW);
        DeploymentStatusCalc.progress(d, stuck, first, Optional.of(DeploymentConditions.condition(
                DeploymentConditions.PROGRESSING, "True", DeploymentConditions.NEW_RS_CREATED, "Created", NOW)), NOW);
        Deployment seen = withStatus(d, first);
        Instant later = NOW.plusSeconds(601);
        DeploymentStatus s = DeploymentStatusCalc.compute(seen, stuck, List.of(stuck), later);
        DeploymentStatusCalc.progress(seen, stuck, s, Optional.empty(), later);
        assertEquals(DeploymentConditions.TIMED_OUT, reason(s, DeploymentConditions.PROGRESSING));
        assertEquals("False", DeploymentConditions.get(s, DeploymentConditions.PROGRESSING).get().getStatus());
    }

    @Test
    void pausingAndResumingAreNoted() {
        Deployment paused = new DeploymentBuilder(deployment(2, "1", "0")).editSpec().withPaused(true).endSpec().build();
        DeploymentStatus s = DeploymentStatusCalc.compute(paused, null, List.of(), NOW);
        assertEquals(DeploymentConditions.PAUSED, reason(s, DeploymentConditions.PROGRESSING));
        Deployment resumed = withStatus(deployment(2, "1", "0"), s);
        DeploymentStatus r = DeploymentStatusCalc.compute(resumed, null, List.of(), NOW);
        assertEquals(DeploymentConditions.RESUMED, reason(r, DeploymentConditions.PROGRESSING));
        assertTrue(DeploymentConditions.get(r, DeploymentConditions.AVAILABLE).isPresent());
    }
}
