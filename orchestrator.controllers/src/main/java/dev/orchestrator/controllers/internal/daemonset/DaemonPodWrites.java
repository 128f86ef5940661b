package dev.orchestrator.controllers.internal.daemonset;

import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.controllers.internal.pods.OwnedPodWrites;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Optional;

/**
 * Carries out a {@link DaemonSetPlan} through {@link OwnedPodWrites}: deletes first (a node's old pod makes room for
 * its new one), then creates at most {@code burst} pods in slow-start batches, as Kubernetes' DaemonSet controller
 * does.
 */
final class DaemonPodWrites {

    private final OwnedPodWrites writes;
    private final KubernetesSerialization serialization;
    private final int burst;

    DaemonPodWrites(OwnedPodWrites writes, KubernetesSerialization serialization, int burst) {
        this.writes = writes;
        this.serialization = serialization;
        this.burst = burst;
    }

    /** @return why a write failed, if one did */
    Optional<String> apply(DaemonSet ds, DaemonSetPlan plan, PodTemplateSpec template, String hash, Request key,
                           Context context) {
        for (Pod pod : plan.failed()) {
            context.events().warning(ds, "FailedDaemonPod", "Found failed daemon pod " + OwnedPodWrites.objectKey(pod)
                    + " on node " + DaemonPods.nodeOf(pod) + ", will try to kill it");
        }
        Optional<String> deleteFailure = writes.delete(ds, plan.delete(), key, context).failure();
        List<String> nodes = plan.createOn().subList(0, Math.min(burst, plan.createOn().size()));
        Optional<String> createFailure = writes.create(ds, nodes,
                node -> DaemonPods.forNode(ds, template, hash, node, serialization), key, context).failure();
        return createFailure.or(() -> deleteFailure);
    }
}
