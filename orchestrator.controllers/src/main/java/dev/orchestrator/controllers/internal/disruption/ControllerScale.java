package dev.orchestrator.controllers.internal.disruption;

import dev.orchestrator.api.controller.Lister;
import dev.orchestrator.controllers.internal.ownership.OwnerReferences;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How many pods a budget's pods should number: the sum of the desired replicas of their controllers, each counted
 * once, as Kubernetes' disruption controller finds it for percentages and maxUnavailable (ReplicaSets, Deployments and
 * StatefulSets; a DaemonSet has no scale, there as here). A pod of a ReplicaSet
 * that a Deployment controls counts by the Deployment (so both ReplicaSets of a rollout count once). Pods without a
 * controller are unmanaged; a controller whose scale is unknown (a kind other than these, or not in the cache) is a
 * failure, as in Kubernetes ("found no controllers for pod").
 */
final class ControllerScale {

    /** The expected count, the unmanaged pods' names, and the failure when a controller's scale is unknown. */
    record Count(int expected, List<String> unmanaged, Optional<String> failure) {
    }

    private final Lister<ReplicaSet> replicaSets;
    private final Lister<Deployment> deployments;
    private final Lister<StatefulSet> statefulSets;

    ControllerScale(Lister<ReplicaSet> replicaSets, Lister<Deployment> deployments, Lister<StatefulSet> statefulSets) {
        this.replicaSets = replicaSets;
        this.deployments = deployments;
        this.statefulSets = statefulSets;
    }

    Count of(List<Pod> pods) {
        Map<String, Integer> byController = new LinkedHashMap<>();
        List<String> unmanaged = new ArrayList<>();
        for (Pod pod : pods) {
            Optional<OwnerReference> controller = OwnerReferences.controllerOf(pod);
            if (controller.isEmpty()) {
                unmanaged.add(pod.getMetadata().getName());
                continue;
            }
            if (byController.containsKey(controller.get().getUid())) {
                continue;
            }
            Optional<Scale> scale = scaleOf(controller.get(), pod.getMetadata().getNamespace());
            if (scale.isEmpty()) {
                return new Count(0, unmanaged, Optional.of("found no controllers for pod \"" + pod.getMetadata().getName()
                        + "\""));
            }
            byController.put(scale.get().uid(), scale.get().replicas());
        }
        return new Count(byController.values().stream().mapToInt(Integer::intValue).sum(), unmanaged, Optional.empty());
    }

    private record Scale(String uid, int replicas) {
    }

    private Optional<Scale> scaleOf(OwnerReference controller, String namespace) {
        if (isApps(controller, "ReplicaSet")) {
            Optional<ReplicaSet> rs = replicaSets.get(namespace, controller.getName())
                    .filter(r -> controller.getUid().equals(r.getMetadata().getUid()));
            if (rs.isEmpty()) {
                return Optional.empty();
            }
            Optional<OwnerReference> owner = OwnerReferences.controllerOfKind(rs.get(), "Deployment");
            if (owner.isPresent()) {
                return deploymentScale(owner.get(), namespace);
            }
            Integer replicas = rs.get().getSpec().getReplicas();
            return Optional.of(new Scale(controller.getUid(), replicas == null ? 1 : replicas));
        }
        if (isApps(controller, "Deployment")) {
            return deploymentScale(controller, namespace);
        }
        if (isApps(controller, "StatefulSet")) {
            return statefulSets.get(namespace, controller.getName())
                    .filter(s -> controller.getUid().equals(s.getMetadata().getUid()))
                    .map(s -> new Scale(controller.getUid(), s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas()));
        }
        return Optional.empty();
    }

    private static boolean isApps(OwnerReference ref, String kind) {
        return kind.equals(ref.getKind()) && ref.getApiVersion() != null && ref.getApiVersion().startsWith("apps/");
    }

    private Optional<Scale> deploymentScale(OwnerReference ref, String namespace) {
        return deployments.get(namespace, ref.getName()).filter(d -> ref.getUid().equals(d.getMetadata().getUid()))
                .map(d -> new Scale(ref.getUid(), d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas()));
    }
}
