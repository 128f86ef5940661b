package dev.orchestrator.controllers.internal.deployment;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.Map;

/** Test objects: a Deployment and ReplicaSets with given sizes. */
final class ReplicaSets {

    private ReplicaSets() {
    }

    static Deployment deployment(int replicas, String maxSurge, String maxUnavailable) {
        return new DeploymentBuilder()
                .withNewMetadata().withNamespace("default").withName("web").withUid("d-uid").withGeneration(2L).endMetadata()
                .withNewSpec().withReplicas(replicas).withProgressDeadlineSeconds(600).withRevisionHistoryLimit(10)
                    .withSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", "web")).build())
                    .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                        .withMaxSurge(intOrPercent(maxSurge)).withMaxUnavailable(intOrPercent(maxUnavailable))
                    .endRollingUpdate().endStrategy()
                    .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                        .withNewSpec().addNewContainer().withName("main").withImage("busybox:1").endContainer().endSpec()
                    .endTemplate()
                .endSpec().build();
    }

    static IntOrString intOrPercent(String value) {
        return value.endsWith("%") ? new IntOrString(value) : new IntOrString(Integer.parseInt(value));
    }

    /** A ReplicaSet of {@code spec} replicas, {@code actual} pods of which {@code available} are available. */
    static ReplicaSet rs(String name, String created, int spec, int actual, int available) {
        return new ReplicaSetBuilder()
                .withNewMetadata().withNamespace("default").withName(name).withUid("uid-" + name)
                    .withCreationTimestamp(created).withGeneration(1L).endMetadata()
                .withNewSpec().withReplicas(spec).endSpec()
                .withNewStatus().withReplicas(actual).withReadyReplicas(available).withAvailableReplicas(available)
                    .withObservedGeneration(1L).endStatus()
                .build();
    }

    static ReplicaSet withMaxReplicas(ReplicaSet rs, int max) {
        return new ReplicaSetBuilder(rs).editMetadata().addToAnnotations(Revisions.MAX_REPLICAS, Integer.toString(max))
                .endMetadata().build();
    }
}
