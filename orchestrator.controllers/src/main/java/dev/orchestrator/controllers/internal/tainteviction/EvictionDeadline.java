package dev.orchestrator.controllers.internal.tainteviction;

import dev.orchestrator.support.taints.Tolerations;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * When a pod must leave a node for its NoExecute taints. A taint no toleration matches evicts at once; a matched
 * taint evicts when the shortest {@code tolerationSeconds} of its matching tolerations has passed since the taint
 * was added (a matching toleration without seconds tolerates it for ever); the pod goes at the earliest of its
 * taints' deadlines.
 */
final class EvictionDeadline {

    private EvictionDeadline() {
    }

    /**
     * @param addedAt when each taint was added (its {@code timeAdded}, else when it was first seen)
     * @return when the pod must be evicted, empty when it may stay for ever
     */
    static Optional<Instant> of(List<Taint> taints, List<Toleration> tolerations, Function<Taint, Instant> addedAt) {
        Optional<Instant> earliest = Optional.empty();
        for (Taint taint : taints) {
            if (!"NoExecute".equals(taint.getEffect())) {
                continue;
            }
            Optional<Instant> deadline = deadline(taint, tolerations, addedAt);
            if (deadline.isPresent() && (earliest.isEmpty() || deadline.get().isBefore(earliest.get()))) {
                earliest = deadline;
            }
        }
        return earliest;
    }

    private static Optional<Instant> deadline(Taint taint, List<Toleration> tolerations, Function<Taint, Instant> addedAt) {
        List<Toleration> matching = tolerations.stream().filter(t -> Tolerations.tolerates(t, taint)).toList();
        if (matching.isEmpty()) {
            return Optional.of(Instant.MIN);
        }
        if (matching.stream().anyMatch(t -> t.getTolerationSeconds() == null)) {
            return Optional.empty();
        }
        long seconds = matching.stream().mapToLong(Toleration::getTolerationSeconds).min().orElseThrow();
        return Optional.of(addedAt.apply(taint).plus(Duration.ofSeconds(Math.max(0, seconds))));
    }
}
