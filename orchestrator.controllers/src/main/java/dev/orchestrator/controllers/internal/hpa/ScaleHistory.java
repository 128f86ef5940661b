package dev.orchestrator.controllers.internal.hpa;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each HPA's recent recommendations and rescales, which the stabilization windows and rate policies look
 * back on. Kept in memory only, as Kubernetes' HPA controller keeps them: after a restart (or a swap of this
 * bundle) the windows start empty, which at worst lets one scale-down through early. Thread-safe; one
 * reconcile at a time per key (the runtime's guarantee) means no two writers of one key's lists.
 */
final class ScaleHistory {

    private final Map<String, List<ReplicaLimits.Recommendation>> recommendations = new ConcurrentHashMap<>();
    private final Map<String, List<ReplicaLimits.ScaleEvent>> events = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastEvaluated = new ConcurrentHashMap<>();

    /**
     * How long until the HPA may be evaluated again ({@link Duration#ZERO}: now, and the evaluation is
     * recorded). Kubernetes evaluates each HPA at most once per sync period, whatever events come (its
     * queue's rate limiter is a fixed interval); without this our own status write would trigger the next
     * evaluation at once, before the target's status shows the rescale just made.
     */
    synchronized java.time.Duration untilNextEvaluation(String key, java.time.Duration period, Instant now) {
        Instant last = lastEvaluated.get(key);
        if (last != null && last.plus(period).isAfter(now)) {
            return java.time.Duration.between(now, last.plus(period));
        }
        lastEvaluated.put(key, now);
        return java.time.Duration.ZERO;
    }

    /** The recommendations within {@code keepSeconds} of now (older ones are dropped). */
    synchronized List<ReplicaLimits.Recommendation> recommendations(String key, int keepSeconds, Instant now) {
        List<ReplicaLimits.Recommendation> list = recommendations.computeIfAbsent(key, k -> new ArrayList<>());
        list.removeIf(r -> !r.at().isAfter(now.minusSeconds(keepSeconds)));
        return List.copyOf(list);
    }

    synchronized void recommend(String key, int replicas, Instant now) {
        recommendations.computeIfAbsent(key, k -> new ArrayList<>()).add(new ReplicaLimits.Recommendation(now, replicas));
    }

    /** The rescales within {@code keepSeconds} of now (older ones are dropped). */
    synchronized List<ReplicaLimits.ScaleEvent> events(String key, int keepSeconds, Instant now) {
        List<ReplicaLimits.ScaleEvent> list = events.computeIfAbsent(key, k -> new ArrayList<>());
        list.removeIf(e -> !e.at().isAfter(now.minusSeconds(keepSeconds)));
        return List.copyOf(list);
    }

    synchronized void rescaled(String key, int from, int to, Instant now) {
        events.computeIfAbsent(key, k -> new ArrayList<>()).add(new ReplicaLimits.ScaleEvent(now, to - from));
    }

    /** The HPA is gone. */
    synchronized void forget(String key) {
        recommendations.remove(key);
        events.remove(key);
        lastEvaluated.remove(key);
    }
}
