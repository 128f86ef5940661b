package dev.orchestrator.controllers.internal.statefulset;

import static dev.orchestrator.controllers.internal.statefulset.Fixtures.NEW;
import static dev.orchestrator.controllers.internal.statefulset.Fixtures.OLD;
import static dev.orchestrator.controllers.internal.statefulset.Fixtures.ROLLING;
import static dev.orchestrator.controllers.internal.statefulset.Fixtures.pod;
import static dev.orchestrator.controllers.internal.statefulset.Fixtures.readyPods;
import static dev.orchestrator.controllers.internal.statefulset.Fixtures.terminating;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatefulSetStatusCalcTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");

    @Test
    void countsPodsByReadinessAndRevisionDuringARollout() {
        List<Pod> pods = List.of(pod(0, OLD, true), pod(1, OLD, false), pod(2, NEW, true),
                terminating(pod(3, OLD, true)));
        StatefulSetStatus status = StatefulSetStatusCalc.compute(Fixtures.ordered(3), pods, ROLLING, 1, NOW);
        assertEquals(4, status.getReplicas(), "a pod being deleted still exists");
        assertEquals(3, status.getReadyReplicas());
        assertEquals(3, status.getAvailableReplicas());
        assertEquals(2, status.getCurrentReplicas());
        assertEquals(1, status.getUpdatedReplicas());
        assertEquals(OLD, status.getCurrentRevision());
        assertEquals(NEW, status.getUpdateRevision());
        assertEquals(1, status.getCollisionCount());
        assertEquals(2L, status.getObservedGeneration());
    }

    @Test
    void theCurrentRevisionBecomesTheUpdateRevisionWhenEveryPodIsUpdatedAndReady() {
        StatefulSet sts = Fixtures.ordered(3);
        StatefulSetStatus almost = StatefulSetStatusCalc.compute(sts,
                List.of(pod(0, NEW, true), pod(1, NEW, true), pod(2, NEW, false)), ROLLING, 0, NOW);
        assertEquals(OLD, almost.getCurrentRevision());
        assertEquals(0, almost.getCurrentReplicas());

        StatefulSetStatus done = StatefulSetStatusCalc.compute(sts, readyPods(3, NEW), ROLLING, 0, NOW);
        assertEquals(NEW, done.getCurrentRevision());
        assertEquals(3, done.getCurrentReplicas());
        assertEquals(3, done.getUpdatedReplicas());
        assertEquals(3, done.getReadyReplicas());

        StatefulSetStatus onDelete = StatefulSetStatusCalc.compute(Fixtures.onDelete(3), readyPods(3, NEW), ROLLING,
                0, NOW);
        assertEquals(NEW, onDelete.getCurrentRevision());
    }

    @Test
    void aScaleDownIsDoneWhenTheDeletedPodsAreGone() {
        StatefulSetStatus status = StatefulSetStatusCalc.compute(Fixtures.ordered(2),
                List.of(pod(0, NEW, true), pod(1, NEW, true), terminating(pod(2, NEW, true))), Fixtures.SETTLED, 0,
                NOW);
        assertEquals(3, status.getReplicas());
        assertEquals(2, status.getUpdatedReplicas());
        assertEquals(NEW, status.getCurrentRevision());
    }

    @Test
    void aMissingOrdinalKeepsTheCurrentRevision() {
        StatefulSet sts = Fixtures.partitioned(3, 1);
        StatefulSetStatus status = StatefulSetStatusCalc.compute(sts, List.of(pod(1, NEW, true), pod(2, NEW, true)),
                ROLLING, 0, NOW);
        assertEquals(OLD, status.getCurrentRevision(), "web-0 is still to be made from the current revision");
    }

    @Test
    void availableOnlyAfterMinReadySecondsAndARequeueForThen() {
        StatefulSet sts = Fixtures.set(2).editSpec().withMinReadySeconds(60).endSpec().build();
        Instant now = Instant.parse(Fixtures.READY_SINCE).plusSeconds(45);
        StatefulSetStatus status = StatefulSetStatusCalc.compute(sts, readyPods(2, NEW), Fixtures.SETTLED, 0, now);
        assertEquals(2, status.getReadyReplicas());
        assertEquals(0, status.getAvailableReplicas());
        assertEquals(Optional.of(Duration.ofSeconds(15)),
                StatefulSetStatusCalc.untilNextAvailable(sts, readyPods(2, NEW), now));
        assertEquals(Optional.empty(),
                StatefulSetStatusCalc.untilNextAvailable(Fixtures.ordered(2), readyPods(2, NEW), now));
    }

    @Test
    void differsOnlyWhenAFieldChanges() {
        StatefulSet sts = Fixtures.ordered(3);
        StatefulSetStatus status = StatefulSetStatusCalc.compute(sts, readyPods(3, NEW), ROLLING, 0, NOW);
        assertTrue(StatefulSetStatusCalc.differs(null, status));
        assertFalse(StatefulSetStatusCalc.differs(status,
                StatefulSetStatusCalc.compute(sts, readyPods(3, NEW), ROLLING, 0, NOW)));
        assertTrue(StatefulSetStatusCalc.differs(status,
                StatefulSetStatusCalc.compute(sts, readyPods(2, NEW), ROLLING, 0, NOW)));
    }
}
