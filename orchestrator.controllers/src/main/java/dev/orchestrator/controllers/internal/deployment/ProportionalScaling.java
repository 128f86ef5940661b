package dev.orchestrator.controllers.internal.deployment;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resizing a Deployment while several of its ReplicaSets have pods (a rollout in progress, or
 * paused): the change is spread over them in proportion to their sizes, so a paused canary keeps
 * its share. Each ReplicaSet remembers the Deployment's replicas + maxSurge it was last sized for
 * ({@code max-replicas}); its new size is its share of the new total, and what rounding leaves
 * over goes to the largest one.
 */
final class ProportionalScaling {

    private ProportionalScaling() {
    }

    /**
     * @param active the ReplicaSets with pods
     * @param fallbackMax the total to assume for a ReplicaSet without {@code max-replicas} (the
     *     Deployment's current pods)
     * @return the new size of each ReplicaSet that changes
     */
    static Map<String, Integer> sizes(List<ReplicaSet> active, int replicas, int maxSurge, int fallbackMax) {
        int allowed = replicas + maxSurge;
        int current = active.stream().mapToInt(Sizes::spec).sum();
        int toAdd = allowed - current;
        Map<String, Integer> sizes = new LinkedHashMap<>();
        if (toAdd == 0 || active.isEmpty()) {
            return sizes;
        }
        // Largest first; on a tie the newer one grows first and the older one shrinks first.
        Comparator<ReplicaSet> bySize = Comparator.comparingInt(Sizes::spec).reversed();
        List<ReplicaSet> order = active.stream()
                .sorted(toAdd > 0 ? bySize.thenComparing(Sizes.OLDEST_FIRST.reversed()) : bySize.thenComparing(Sizes.OLDEST_FIRST))
                .toList();
        int added = 0;
        for (ReplicaSet rs : order) {
            int share = 0;
            if (added != toAdd) {
                int lastMax = Revisions.intAnnotation(rs, Revisions.MAX_REPLICAS, fallbackMax);
                int target = replicas == 0 || lastMax <= 0 ? (replicas == 0 ? 0 : Sizes.spec(rs))
                        : (int) Math.round((double) Sizes.spec(rs) * allowed / lastMax);
                share = target - Sizes.spec(rs);
                int left = toAdd - added;
                share = toAdd > 0 ? Math.min(share, left) : Math.max(share, left);
                if (toAdd > 0 && share < 0 || toAdd < 0 && share > 0) {
                    share = 0;
                }
            }
            added += share;
            sizes.put(RollingSteps.name(rs), Sizes.spec(rs) + share);
        }
        int leftover = toAdd - added;
        if (leftover != 0) {
            String first = RollingSteps.name(order.get(0));
            sizes.put(first, Math.max(0, sizes.get(first) + leftover));
        }
        sizes.entrySet().removeIf(e -> active.stream().anyMatch(rs -> RollingSteps.name(rs).equals(e.getKey())
                && Sizes.spec(rs) == e.getValue()));
        return sizes;
    }
}
