package dev.orchestrator.controllers.internal.replicaset;

import dev.orchestrator.controllers.internal.ownership.OwnerReferences;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.Map;

/** Test objects. */
final class Pods {

    private Pods() {
    }

    static ReplicaSet replicaSet(int replicas, int minReadySeconds) {
        return new ReplicaSetBuilder()
                .withNewMetadata().withNamespace("default").withName("web").withUid("rs-uid").withGeneration(3L).endMetadata()
                .withNewSpec().withReplicas(replicas).withMinReadySeconds(minReadySeconds)
                    .withSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", "web")).build())
                    .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web", "tier", "front")).endMetadata()
                        .withNewSpec().addNewContainer().withName("main").withImage("busybox:1").endContainer().endSpec()
                    .endTemplate()
                .endSpec().build();
    }

    /** A pod: {@code node} empty for unscheduled, {@code readySince} null for not ready. */
    static Pod pod(String name, String node, String phase, String readySince, String created) {
        PodBuilder b = new PodBuilder()
                .withNewMetadata().withNamespace("default").withName(name).withUid("uid-" + name)
                    .withLabels(Map.of("app", "web", "tier", "front")).withCreationTimestamp(created).endMetadata()
                .withNewSpec().withNodeName(node.isEmpty() ? null : node).endSpec()
                .withNewStatus().withPhase(phase).endStatus();
        if (readySince != null) {
            b.editStatus().addNewCondition().withType("Ready").withStatus("True").withLastTransitionTime(readySince)
                    .endCondition().endStatus();
        }
        return b.build();
    }

    static Pod ownedBy(Pod pod, ReplicaSet rs) {
        return new PodBuilder(pod).editMetadata().withOwnerReferences(OwnerReferences.controllerRef(rs)).endMetadata().build();
    }
}
