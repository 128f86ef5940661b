package dev.orchestrator.controllers.internal.replicaset;

import dev.orchestrator.support.selector.Selectors;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which pods of a namespace a ReplicaSet owns, which orphans it should adopt and which of its pods
 * it should release, by Kubernetes' rules: a pod whose controller is this ReplicaSet (by uid) and
 * whose labels match its selector is owned; one that no longer matches is released (unless the
 * ReplicaSet is being deleted); a pod without a controller that matches is adopted (unless either
 * is being deleted). Pods controlled by anything else are never touched.
 */
record PodClaims(List<Pod> owned, List<Pod> orphans, List<Pod> strays) {

    static PodClaims of(ReplicaSet rs, List<Pod> pods) {
        List<Pod> owned = new ArrayList<>();
        List<Pod> orphans = new ArrayList<>();
        List<Pod> strays = new ArrayList<>();
        String uid = rs.getMetadata().getUid();
        boolean rsDeleting = rs.getMetadata().getDeletionTimestamp() != null;
        for (Pod pod : pods) {
            Optional<OwnerReference> controller = PodStates.controllerOf(pod);
            boolean matches = matches(rs, pod);
            boolean podDeleting = pod.getMetadata().getDeletionTimestamp() != null;
            if (controller.isPresent()) {
                if (!uid.equals(controller.get().getUid())) {
                    continue;
                }
                if (matches) {
                    owned.add(pod);
                } else if (!rsDeleting && !podDeleting) {
                    strays.add(pod);
                }
            } else if (matches && !rsDeleting && !podDeleting) {
                orphans.add(pod);
            }
        }
        return new PodClaims(List.copyOf(owned), List.copyOf(orphans), List.copyOf(strays));
    }

    static boolean matches(ReplicaSet rs, Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return rs.getSpec() != null && Selectors.matches(rs.getSpec().getSelector(), labels == null ? Map.of() : labels);
    }
}
