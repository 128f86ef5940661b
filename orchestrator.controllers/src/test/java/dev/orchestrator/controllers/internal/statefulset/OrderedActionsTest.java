package dev.orchestrator.controllers.internal.statefulset;

import static dev.orchestrator.controllers.internal.statefulset.Fixtures.NEW;
import static dev.orchestrator.controllers.internal.statefulset.Fixtures.OLD;
import static dev.orchestrator.controllers.internal.statefulset.Fixtures.ROLLING;
import static dev.orchestrator.controllers.internal.statefulset.Fixtures.SETTLED;
import static dev.orchestrator.controllers.internal.statefulset.Fixtures.pod;
import static dev.orchestrator.controllers.internal.statefulset.Fixtures.readyPods;
import static dev.orchestrator.controllers.internal.statefulset.Fixtures.terminating;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderedActionsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");

    /** The plan as lines: {@code create web-0 from web-new}, {@code delete web-2 UPDATE}. */
    private static List<String> plan(StatefulSet sts, List<Pod> pods, RevisionPair revisions, Instant now) {
        OrderedActions.Actions actions = OrderedActions.plan(sts, pods, revisions, now);
        List<String> lines = new ArrayList<>();
        actions.creates().forEach(c -> lines.add("create web-" + c.ordinal() + " from " + c.revision()));
        actions.deletes().forEach(d -> lines.add("delete " + d.pod().getMetadata().getName() + " " + d.reason()));
        return lines;
    }

    private static List<String> plan(StatefulSet sts, List<Pod> pods, RevisionPair revisions) {
        return plan(sts, pods, revisions, NOW);
    }

    private static List<Pod> with(List<Pod> pods, Pod... more) {
        List<Pod> all = new ArrayList<>(pods);
        all.addAll(List.of(more));
        return all;
    }

    @Test
    void orderedReadyCreatesTheLowestMissingOrdinalOnly() {
        assertEquals(List.of("create web-0 from web-new"), plan(Fixtures.ordered(3), List.of(), SETTLED));
        assertEquals(List.of("create web-1 from web-new"), plan(Fixtures.ordered(3), readyPods(1, NEW), SETTLED));
    }

    @Test
    void orderedReadyWaitsForALowerPodToBeRunningAndReady() {
        assertEquals(List.of(), plan(Fixtures.ordered(3), List.of(pod(0, NEW, false)), SETTLED));
        assertEquals(List.of(), plan(Fixtures.ordered(3), List.of(pod(0, NEW, "Pending", false)), SETTLED));
        assertEquals(List.of(), plan(Fixtures.ordered(3),
                List.of(pod(0, NEW, true), pod(1, NEW, false), pod(2, NEW, true)), SETTLED));
    }

    @Test
    void orderedReadyWaitsForMinReadySeconds() {
        StatefulSet sts = Fixtures.set(2).editSpec().withMinReadySeconds(60).endSpec().build();
        Instant readyAt = Instant.parse(Fixtures.READY_SINCE);
        assertEquals(List.of(), plan(sts, readyPods(1, NEW), SETTLED, readyAt.plusSeconds(30)));
        assertEquals(List.of("create web-1 from web-new"),
                plan(sts, readyPods(1, NEW), SETTLED, readyAt.plusSeconds(60)));
    }

    @Test
    void parallelCreatesEveryMissingOrdinalWithoutWaiting() {
        assertEquals(List.of("create web-0 from web-new", "create web-2 from web-new", "create web-3 from web-new"),
                plan(Fixtures.parallel(4), List.of(pod(1, NEW, "Pending", false)), SETTLED));
    }

    @Test
    void scaleDownDeletesTheHighestOrdinalOneAtATime() {
        assertEquals(List.of("delete web-3 SCALE_DOWN"), plan(Fixtures.ordered(2), readyPods(4, NEW), SETTLED));
        List<Pod> thirdGoing = with(readyPods(3, NEW), terminating(pod(3, NEW, true)));
        assertEquals(List.of(), plan(Fixtures.ordered(2), thirdGoing, SETTLED), "waits until web-3 is gone");
        assertEquals(List.of("delete web-2 SCALE_DOWN"), plan(Fixtures.ordered(2), readyPods(3, NEW), SETTLED));
    }

    @Test
    void scaleDownWaitsWhileAPodInRangeIsNotReady() {
        List<Pod> pods = List.of(pod(0, NEW, false), pod(1, NEW, true), pod(2, NEW, true));
        assertEquals(List.of(), plan(Fixtures.ordered(2), pods, SETTLED));
    }

    @Test
    void parallelDeletesEverySurplusPodAtOnce() {
        List<Pod> pods = with(readyPods(4, NEW), terminating(pod(4, NEW, true)));
        assertEquals(List.of("delete web-3 SCALE_DOWN", "delete web-2 SCALE_DOWN", "delete web-1 SCALE_DOWN"),
                plan(Fixtures.parallel(1), pods, SETTLED));
    }

    @Test
    void rollingUpdateReplacesFromTheHighestOrdinalOneAtATime() {
        StatefulSet sts = Fixtures.ordered(3);
        assertEquals(List.of("delete web-2 UPDATE"), plan(sts, readyPods(3, OLD), ROLLING));
        assertEquals(List.of("create web-2 from web-new"), plan(sts, readyPods(2, OLD), ROLLING));
        assertEquals(List.of(), plan(sts, with(readyPods(2, OLD), pod(2, NEW, false)), ROLLING),
                "waits for the replaced pod to be ready");
        assertEquals(List.of("delete web-1 UPDATE"), plan(sts, with(readyPods(2, OLD), pod(2, NEW, true)), ROLLING));
        assertEquals(List.of(), plan(sts, readyPods(3, NEW), ROLLING));
    }

    @Test
    void rollingUpdateWaitsForEveryPodWithParallelToo() {
        List<Pod> pods = List.of(pod(0, OLD, false), pod(1, OLD, true), pod(2, OLD, true));
        assertEquals(List.of(), plan(Fixtures.parallel(3), pods, ROLLING));
        assertEquals(List.of("delete web-2 UPDATE"), plan(Fixtures.parallel(3), readyPods(3, OLD), ROLLING));
    }

    @Test
    void partitionKeepsLowerOrdinalsAtTheCurrentRevision() {
        StatefulSet sts = Fixtures.partitioned(3, 2);
        assertEquals(List.of("delete web-2 UPDATE"), plan(sts, readyPods(3, OLD), ROLLING));
        assertEquals(List.of(), plan(sts, with(readyPods(2, OLD), pod(2, NEW, true)), ROLLING));
        assertEquals(List.of("create web-0 from web-old"),
                plan(sts, List.of(pod(1, OLD, true), pod(2, NEW, true)), ROLLING),
                "a pod below the partition is recreated from the current revision");
    }

    @Test
    void onDeleteNeverDeletesForAnUpdateButRecreatesFromTheUpdateRevision() {
        StatefulSet sts = Fixtures.onDelete(3);
        assertEquals(List.of(), plan(sts, readyPods(3, OLD), ROLLING));
        assertEquals(List.of("create web-1 from web-new"),
                plan(sts, List.of(pod(0, OLD, true), pod(2, OLD, true)), ROLLING));
    }

    @Test
    void failedAndSucceededPodsAreDeletedAndRecreatedOnceGone() {
        StatefulSet sts = Fixtures.ordered(3);
        assertEquals(List.of("delete web-1 FAILED"),
                plan(sts, List.of(pod(0, NEW, true), pod(1, NEW, "Failed", false), pod(2, NEW, true)), SETTLED));
        assertEquals(List.of("delete web-0 SUCCEEDED"), plan(sts, List.of(pod(0, NEW, "Succeeded", false)), SETTLED));
        Pod going = terminating(pod(1, NEW, "Failed", false));
        assertEquals(List.of(), plan(sts, List.of(pod(0, NEW, true), going), SETTLED), "waits until it is gone");
        assertEquals(List.of("create web-1 from web-new"), plan(sts, List.of(pod(0, NEW, true)), SETTLED));
    }

    @Test
    void parallelReplacesAFailedPodWhileCreatingOthers() {
        assertEquals(List.of("create web-2 from web-new", "delete web-0 FAILED"),
                plan(Fixtures.parallel(3), List.of(pod(0, NEW, "Failed", false), pod(1, NEW, false)), SETTLED));
    }

    @Test
    void ordinalsStartShiftsTheRangeAndCondemnsPodsOutsideIt() {
        StatefulSet sts = Fixtures.set(2).editSpec().withNewOrdinals().withStart(5).endOrdinals().endSpec().build();
        assertEquals(List.of("create web-5 from web-new"), plan(sts, List.of(), SETTLED));
        List<Pod> pods = List.of(pod(0, NEW, true), pod(5, NEW, true), pod(6, NEW, true));
        assertEquals(List.of("delete web-0 SCALE_DOWN"), plan(sts, pods, SETTLED));
    }

    @Test
    void podsNotNamedAsAnOrdinalAreIgnored() {
        Pod stranger = new PodBuilder(pod(0, NEW, true)).editMetadata().withName("web-x").endMetadata().build();
        assertEquals(List.of("create web-0 from web-new"), plan(Fixtures.ordered(1), List.of(stranger), SETTLED));
    }
}
