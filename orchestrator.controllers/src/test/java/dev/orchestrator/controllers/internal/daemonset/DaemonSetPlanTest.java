package dev.orchestrator.controllers.internal.daemonset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.controllers.internal.daemonset.DaemonSetPlan.NodePods;
import dev.orchestrator.controllers.internal.daemonset.NodeFit.Verdict;
import dev.orchestrator.controllers.internal.revisions.TemplateRevisions;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DaemonSetPlanTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final String READY_SINCE = "2026-12-07T09:00:00Z";

    static DaemonSet daemonSet(String strategy, int maxUnavailable, int maxSurge) {
        DaemonSetBuilder b = new DaemonSetBuilder()
                .withNewMetadata().withNamespace("default").withName("agent").withUid("ds-uid").withGeneration(2L).endMetadata()
                .withNewSpec()
                    .withSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", "agent")).build())
                    .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "agent")).endMetadata()
                        .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
                    .endTemplate()
                    .withNewUpdateStrategy().withType(strategy).endUpdateStrategy()
                .endSpec();
        if ("RollingUpdate".equals(strategy)) {
            b.editSpec().editUpdateStrategy().withNewRollingUpdate().withMaxUnavailable(new IntOrString(maxUnavailable))
                    .withMaxSurge(new IntOrString(maxSurge)).endRollingUpdate().endUpdateStrategy().endSpec();
        }
        return b.build();
    }

    static Pod pod(String name, String node, String hash, boolean ready, String phase) {
        PodBuilder b = new PodBuilder()
                .withNewMetadata().withNamespace("default").withName(name).withCreationTimestamp("2026-12-07T08:00:00Z")
                    .withLabels(Map.of("app", "agent", TemplateRevisions.HASH_LABEL, hash)).endMetadata()
                .withNewSpec().withNodeName(node).endSpec()
                .withNewStatus().withPhase(phase).endStatus();
        if (ready) {
            b.editStatus().addNewCondition().withType("Ready").withStatus("True").withLastTransitionTime(READY_SINCE)
                    .endCondition().endStatus();
        }
        return b.build();
    }

    private static NodePods node(String name, Verdict fit, Pod... pods) {
        return new NodePods(name, fit, List.of(pods));
    }

    @Test
    void everyFittingNodeWithoutAPodGetsOneAndMisplacedPodsGo() {
        Pod misplaced = pod("agent-m", "n3", "h1", true, "Running");
        Pod tainted = pod("agent-t", "n4", "h1", true, "Running");
        DaemonSetPlan plan = DaemonSetPlan.of(daemonSet("RollingUpdate", 1, 0), List.of(node("n1", Verdict.RUN),
                node("n2", Verdict.RUN, pod("agent-a", "n2", "h1", true, "Running")), node("n3", Verdict.NONE, misplaced),
                node("n4", Verdict.KEEP_ONLY, tainted), node("n5", Verdict.KEEP_ONLY)), "h1", NOW);
        assertEquals(List.of("n1"), plan.createOn());
        assertEquals(List.of(misplaced), plan.delete());
    }

    @Test
    void aFailedPodIsDeletedAndItsNodeGetsANewOne() {
        Pod failed = pod("agent-f", "n1", "h1", false, "Failed");
        DaemonSetPlan plan = DaemonSetPlan.of(daemonSet("RollingUpdate", 1, 0), List.of(node("n1", Verdict.RUN, failed)),
                "h1", NOW);
        assertEquals(List.of("n1"), plan.createOn());
        assertEquals(List.of(failed), plan.delete());
        assertEquals(List.of(failed), plan.failed());
    }

    @Test
    void aRollingUpdateTakesDownAtMostMaxUnavailableNodes() {
        List<NodePods> nodes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            nodes.add(node("n" + i, Verdict.RUN, pod("agent-" + i, "n" + i, "old", true, "Running")));
        }
        assertEquals(2, DaemonSetPlan.of(daemonSet("RollingUpdate", 2, 0), nodes, "new", NOW).delete().size());
        // one node is down already (its new pod not ready yet): one more may go
        nodes.set(0, node("n0", Verdict.RUN, pod("agent-0b", "n0", "new", false, "Pending")));
        DaemonSetPlan plan = DaemonSetPlan.of(daemonSet("RollingUpdate", 2, 0), nodes, "new", NOW);
        assertEquals(1, plan.delete().size());
        assertTrue(plan.createOn().isEmpty());
        // an old pod that is not ready is replaced whatever the budget; with it two nodes are down, none more may go
        nodes.set(1, node("n1", Verdict.RUN, pod("agent-1", "n1", "old", false, "Running")));
        assertEquals(List.of("agent-1"), DaemonSetPlan.of(daemonSet("RollingUpdate", 2, 0), nodes, "new", NOW)
                .delete().stream().map(p -> p.getMetadata().getName()).toList());
    }

    @Test
    void withMaxSurgeTheNewPodStartsBesideTheOldOneWhichGoesOnceItIsAvailable() {
        Pod old0 = pod("agent-0", "n0", "old", true, "Running");
        Pod old1 = pod("agent-1", "n1", "old", true, "Running");
        DaemonSetPlan first = DaemonSetPlan.of(daemonSet("RollingUpdate", 0, 1), List.of(node("n0", Verdict.RUN, old0),
                node("n1", Verdict.RUN, old1)), "new", NOW);
        assertEquals(List.of("n0"), first.createOn());
        assertTrue(first.delete().isEmpty());
        Pod starting = pod("agent-0b", "n0", "new", false, "Pending");
        DaemonSetPlan waiting = DaemonSetPlan.of(daemonSet("RollingUpdate", 0, 1), List.of(node("n0", Verdict.RUN, old0,
                starting), node("n1", Verdict.RUN, old1)), "new", NOW);
        assertTrue(waiting.createOn().isEmpty() && waiting.delete().isEmpty(), waiting.toString());
        Pod up = pod("agent-0b", "n0", "new", true, "Running");
        DaemonSetPlan done = DaemonSetPlan.of(daemonSet("RollingUpdate", 0, 1), List.of(node("n0", Verdict.RUN, old0, up),
                node("n1", Verdict.RUN, old1)), "new", NOW);
        assertEquals(List.of(old0), done.delete());
    }

    @Test
    void onDeleteLeavesOldPodsAlone() {
        DaemonSetPlan plan = DaemonSetPlan.of(daemonSet("OnDelete", 0, 0), List.of(node("n0", Verdict.RUN,
                pod("agent-0", "n0", "old", true, "Running")), node("n1", Verdict.RUN)), "new", NOW);
        assertEquals(List.of("n1"), plan.createOn());
        assertTrue(plan.delete().isEmpty());
    }

    @Test
    void theStatusCountsNodesAsKubernetesDoes() {
        DaemonSet ds = daemonSet("RollingUpdate", 1, 0);
        var status = DaemonSetStatusCalc.compute(ds, List.of(node("n0", Verdict.RUN, pod("a", "n0", "new", true, "Running")),
                node("n1", Verdict.RUN, pod("b", "n1", "old", false, "Running")), node("n2", Verdict.RUN),
                node("n3", Verdict.NONE, pod("c", "n3", "new", true, "Running"))), "new", 0, NOW);
        assertEquals(3, status.getDesiredNumberScheduled());
        assertEquals(2, status.getCurrentNumberScheduled());
        assertEquals(1, status.getNumberMisscheduled());
        assertEquals(1, status.getNumberReady());
        assertEquals(1, status.getNumberAvailable());
        assertEquals(2, status.getNumberUnavailable());
        assertEquals(1, status.getUpdatedNumberScheduled());
        assertEquals(2L, status.getObservedGeneration());
    }
}
