package dev.orchestrator.controllers.internal.daemonset;

import dev.orchestrator.controllers.internal.pods.PodStates;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A DaemonSet's status as Kubernetes counts it, per node: desired where a pod should run, current where one of those
 * has a pod, misscheduled where a pod runs that should not; ready, available and up to date by the node's oldest pod.
 */
final class DaemonSetStatusCalc {

    private DaemonSetStatusCalc() {
    }

    static DaemonSetStatus compute(DaemonSet ds, List<DaemonSetPlan.NodePods> nodes, String updateHash,
                                   int collisionCount, Instant now) {
        int desired = 0;
        int current = 0;
        int misscheduled = 0;
        int ready = 0;
        int available = 0;
        int updated = 0;
        int minReady = DaemonSetPlan.minReadySeconds(ds);
        for (DaemonSetPlan.NodePods node : nodes) {
            Optional<Pod> first = node.pods().stream().filter(PodStates::active)
                    .min(Comparator.comparing(p -> String.valueOf(p.getMetadata().getCreationTimestamp())));
            if (node.fit() != NodeFit.Verdict.RUN) {
                misscheduled += first.isPresent() ? 1 : 0;
                continue;
            }
            desired++;
            if (first.isEmpty()) {
                continue;
            }
            current++;
            Pod pod = first.get();
            ready += PodStates.ready(pod) ? 1 : 0;
            available += PodStates.available(pod, minReady, now) ? 1 : 0;
            updated += node.pods().stream().anyMatch(p -> PodStates.active(p) && updateHash.equals(DaemonSetPlan.hash(p)))
                    ? 1 : 0;
        }
        DaemonSetStatusBuilder status = new DaemonSetStatusBuilder()
                .withObservedGeneration(ds.getMetadata().getGeneration())
                .withDesiredNumberScheduled(desired)
                .withCurrentNumberScheduled(current)
                .withNumberMisscheduled(misscheduled)
                .withNumberReady(ready)
                .withNumberAvailable(available)
                .withNumberUnavailable(desired - available)
                .withUpdatedNumberScheduled(updated)
                .withConditions(ds.getStatus() == null ? List.of() : ds.getStatus().getConditions());
        if (collisionCount > 0) {
            status.withCollisionCount(collisionCount);
        }
        return status.build();
    }

    static boolean differs(DaemonSetStatus before, DaemonSetStatus after) {
        return !Objects.equals(before, after);
    }
}
