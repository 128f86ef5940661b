package dev.orchestrator.controllers.internal.statefulset;

import dev.orchestrator.controllers.internal.ownership.OwnerReferences;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test objects: a StatefulSet {@code web} and its pods. */
final class Fixtures {

    static final String OLD = "web-old";
    static final String NEW = "web-new";
    static final RevisionPair ROLLING = new RevisionPair(OLD, NEW);
    static final RevisionPair SETTLED = new RevisionPair(NEW, NEW);
    static final String READY_SINCE = "2026-01-01T00:00:00Z";

    private Fixtures() {
    }

    static StatefulSetBuilder set(int replicas) {
        return new StatefulSetBuilder()
                .withApiVersion("apps/v1").withKind("StatefulSet")
                .withNewMetadata().withNamespace("default").withName("web").withUid("sts-uid").withGeneration(2L)
                .endMetadata()
                .withNewSpec().withReplicas(replicas).withServiceName("nginx")
                    .withPodManagementPolicy("OrderedReady")
                    .withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate().withPartition(0)
                        .endRollingUpdate().endUpdateStrategy()
                    .withSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", "web")).build())
                    .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web"))
                        .withAnnotations(Map.of("note", "x")).endMetadata()
                        .withNewSpec().addNewContainer().withName("nginx").withImage("nginx:1").endContainer().endSpec()
                    .endTemplate()
                .endSpec();
    }

    static StatefulSet ordered(int replicas) {
        return set(replicas).build();
    }

    static StatefulSet parallel(int replicas) {
        return set(replicas).editSpec().withPodManagementPolicy("Parallel").endSpec().build();
    }

    static StatefulSet partitioned(int replicas, int partition) {
        return set(replicas).editSpec().editUpdateStrategy().editRollingUpdate().withPartition(partition)
                .endRollingUpdate().endUpdateStrategy().endSpec().build();
    }

    static StatefulSet onDelete(int replicas) {
        return set(replicas).editSpec().withNewUpdateStrategy().withType("OnDelete").endUpdateStrategy().endSpec()
                .build();
    }

    /** A Running pod of {@code web}, Ready since {@link #READY_SINCE} when {@code ready}. */
    static Pod pod(int ordinal, String revision, boolean ready) {
        return pod(ordinal, revision, "Running", ready);
    }

    static Pod pod(int ordinal, String revision, String phase, boolean ready) {
        String name = "web-" + ordinal;
        PodBuilder b = new PodBuilder()
                .withNewMetadata().withNamespace("default").withName(name).withUid("uid-" + name)
                    .withLabels(Map.of("app", "web", StatefulPods.REVISION_LABEL, revision))
                    .withOwnerReferences(OwnerReferences.controllerRef(ordered(1)))
                .endMetadata()
                .withNewSpec().withNodeName("n1").endSpec()
                .withNewStatus().withPhase(phase).endStatus();
        if (ready) {
            b.editStatus().addNewCondition().withType("Ready").withStatus("True").withLastTransitionTime(READY_SINCE)
                    .endCondition().endStatus();
        }
        return b.build();
    }

    static Pod terminating(Pod pod) {
        return new PodBuilder(pod).editMetadata().withDeletionTimestamp("2026-01-01T00:05:00Z").endMetadata().build();
    }

    /** Ready pods of ordinals {@code 0..count-1} of one revision. */
    static List<Pod> readyPods(int count, String revision) {
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pods.add(pod(i, revision, true));
        }
        return pods;
    }
}
