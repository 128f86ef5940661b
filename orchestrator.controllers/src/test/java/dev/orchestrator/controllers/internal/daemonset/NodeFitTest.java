package dev.orchestrator.controllers.internal.daemonset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeFitTest {

    private static Node node(Map<String, String> labels, String taintKey, String effect) {
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName("n1").withLabels(labels).endMetadata().withNewSpec()
                .endSpec();
        if (taintKey != null) {
            b.editSpec().addNewTaint().withKey(taintKey).withEffect(effect).endTaint().endSpec();
        }
        return b.build();
    }

    private static PodSpec spec() {
        return new PodSpecBuilder().addNewContainer().withName("c").withImage("busybox").endContainer().build();
    }

    @Test
    void selectorAffinityAndTaintsDecide() {
        assertEquals(NodeFit.Verdict.RUN, NodeFit.of(spec(), node(Map.of(), null, null)));
        PodSpec ssd = new PodSpecBuilder(spec()).withNodeSelector(Map.of("disk", "ssd")).build();
        assertEquals(NodeFit.Verdict.NONE, NodeFit.of(ssd, node(Map.of("disk", "hdd"), null, null)));
        assertEquals(NodeFit.Verdict.RUN, NodeFit.of(ssd, node(Map.of("disk", "ssd"), null, null)));
        assertEquals(NodeFit.Verdict.KEEP_ONLY, NodeFit.of(spec(), node(Map.of(), "dedicated", "NoSchedule")));
        assertEquals(NodeFit.Verdict.NONE, NodeFit.of(spec(), node(Map.of(), "dedicated", "NoExecute")));
        PodSpec tolerant = new PodSpecBuilder(spec()).withTolerations(new TolerationBuilder().withKey("dedicated")
                .withOperator("Exists").build()).build();
        assertEquals(NodeFit.Verdict.RUN, NodeFit.of(tolerant, node(Map.of(), "dedicated", "NoExecute")));
        // the conditions a daemon is there for never keep it away
        assertEquals(NodeFit.Verdict.RUN, NodeFit.of(spec(), node(Map.of(), "node.kubernetes.io/unschedulable", "NoSchedule")));
        assertEquals(NodeFit.Verdict.RUN, NodeFit.of(spec(), node(Map.of(), "node.kubernetes.io/not-ready", "NoExecute")));
    }

    @Test
    void aDaemonPodIsPinnedToItsNodeByAffinity() {
        Pod pod = DaemonPods.forNode(DaemonSetPlanTest.daemonSet("RollingUpdate", 1, 0),
                DaemonSetPlanTest.daemonSet("RollingUpdate", 1, 0).getSpec().getTemplate(), "h1", "n7",
                new KubernetesSerialization());
        assertEquals("n7", DaemonPods.nodeOf(pod));
        assertEquals("agent-", pod.getMetadata().getGenerateName());
        assertEquals("h1", pod.getMetadata().getLabels().get("controller-revision-hash"));
        assertEquals("ds-uid", pod.getMetadata().getOwnerReferences().get(0).getUid());
        assertEquals(6, pod.getSpec().getTolerations().size());
    }
}
