package dev.orchestrator.controllers.internal.deployment;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two steps of a rolling update, as sizes to give ReplicaSets (pure arithmetic, so that it can
 * be tested on its own). Scaling up the new ReplicaSet keeps all pods within replicas + maxSurge;
 * scaling down old ones keeps the available pods at replicas - maxUnavailable or more, taking
 * first the pods that are not available anyway, oldest ReplicaSet first.
 */
final class RollingSteps {

    private RollingSteps() {
    }

    /** The new ReplicaSet's size: as far towards {@code replicas} as the surge allows. */
    static int newReplicaSetSize(int replicas, Fenceposts bounds, List<ReplicaSet> all, ReplicaSet newRs) {
        int current = Sizes.spec(newRs);
        if (current >= replicas) {
            return replicas;
        }
        int pods = all.stream().mapToInt(Sizes::pods).sum();
        int room = replicas + bounds.maxSurge() - pods;
        return room <= 0 ? current : current + Math.min(room, replicas - current);
    }

    /**
     * New sizes for old ReplicaSets (only those that change).
     *
     * @param all every ReplicaSet of the Deployment, the new one included
     */
    static Map<String, Integer> oldReplicaSetSizes(int replicas, Fenceposts bounds, List<ReplicaSet> olds,
                                                   ReplicaSet newRs, List<ReplicaSet> all) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        List<ReplicaSet> oldestFirst = olds.stream().filter(rs -> Sizes.spec(rs) > 0).sorted(Sizes.OLDEST_FIRST).toList();
        if (oldestFirst.isEmpty()) {
            return sizes;
        }
        int minAvailable = replicas - bounds.maxUnavailable();
        int allPods = all.stream().mapToInt(Sizes::spec).sum();
        int newUnavailable = Sizes.spec(newRs) - Sizes.keptAvailable(newRs);
        int budget = allPods - minAvailable - newUnavailable;
        if (budget <= 0) {
            return sizes;
        }
        // Pods that are not available cost no availability: they go first.
        for (ReplicaSet rs : oldestFirst) {
            if (budget <= 0) {
                break;
            }
            int unhealthy = Sizes.spec(rs) - Sizes.keptAvailable(rs);
            if (unhealthy > 0) {
                int cut = Math.min(budget, unhealthy);
                sizes.put(name(rs), Sizes.spec(rs) - cut);
                budget -= cut;
            }
        }
        int available = all.stream().mapToInt(rs -> Math.min(Sizes.available(rs), size(rs, sizes))).sum();
        int spare = available - minAvailable;
        for (ReplicaSet rs : oldestFirst) {
            if (spare <= 0) {
                break;
            }
            int size = size(rs, sizes);
            int cut = Math.min(size, spare);
            if (cut > 0) {
                sizes.put(name(rs), size - cut);
                spare -= cut;
            }
        }
        return sizes;
    }

    private static int size(ReplicaSet rs, Map<String, Integer> sizes) {
        return sizes.getOrDefault(name(rs), Sizes.spec(rs));
    }

    static String name(ReplicaSet rs) {
        return rs.getMetadata().getName();
    }
}
