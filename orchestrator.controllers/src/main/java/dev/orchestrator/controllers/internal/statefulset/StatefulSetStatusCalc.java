package dev.orchestrator.controllers.internal.statefulset;

import dev.orchestrator.controllers.internal.pods.PodStates;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A StatefulSet's status from its pods, as Kubernetes counts: {@code replicas} every pod of the set that exists
 * (those being deleted too, so that a scale-down reads as done only when they are gone); {@code readyReplicas}
 * Running and Ready; {@code availableReplicas} ready for minReadySeconds; {@code currentReplicas} and
 * {@code updatedReplicas} the pods not being deleted of the current and of the update revision. The current revision
 * becomes the update revision once every ordinal has a pod of the update revision and ready: that ends a rollout,
 * both for {@code kubectl rollout status} and for the partition (ordinals below it are recreated from the current
 * revision). Unlike Kubernetes this holds for OnDelete too, so its status also says when every pod was replaced.
 */
final class StatefulSetStatusCalc {

    private StatefulSetStatusCalc() {
    }

    /** @param pods the set's pods (claimed, members by name) */
    static StatefulSetStatus compute(StatefulSet sts, List<Pod> pods, RevisionPair revisions, int collisionCount,
                                     Instant now) {
        int minReady = StatefulSetSpecs.minReadySeconds(sts);
        int replicas = 0;
        int ready = 0;
        int available = 0;
        int current = 0;
        int updated = 0;
        for (Pod pod : pods) {
            replicas++;
            if (StatefulPods.runningAndReady(pod)) {
                ready++;
                if (PodStates.available(pod, minReady, now)) {
                    available++;
                }
            }
            if (!StatefulPods.terminating(pod)) {
                String revision = StatefulPods.revisionOf(pod);
                if (revision.equals(revisions.current())) {
                    current++;
                }
                if (revision.equals(revisions.update())) {
                    updated++;
                }
            }
        }
        String currentRevision = revisions.current();
        // every ordinal must exist too: a pod below the partition that is missing right now is still to be made
        // from the current revision, which must not change under it
        if (updated == replicas && ready == replicas && replicas == StatefulSetSpecs.replicas(sts)) {
            currentRevision = revisions.update();
            current = updated;
        }
        return new StatefulSetStatusBuilder()
                .withObservedGeneration(sts.getMetadata().getGeneration())
                .withReplicas(replicas)
                .withReadyReplicas(ready)
                .withAvailableReplicas(available)
                .withCurrentReplicas(current)
                .withUpdatedReplicas(updated)
                .withCurrentRevision(currentRevision)
                .withUpdateRevision(revisions.update())
                .withCollisionCount(collisionCount)
                .withConditions(sts.getStatus() == null ? List.of() : sts.getStatus().getConditions())
                .build();
    }

    /** True when writing {@code next} would change what the API holds (zero and absent counts are equal). */
    static boolean differs(StatefulSetStatus current, StatefulSetStatus next) {
        if (current == null) {
            return true;
        }
        return n(current.getReplicas()) != n(next.getReplicas())
                || n(current.getReadyReplicas()) != n(next.getReadyReplicas())
                || n(current.getAvailableReplicas()) != n(next.getAvailableReplicas())
                || n(current.getCurrentReplicas()) != n(next.getCurrentReplicas())
                || n(current.getUpdatedReplicas()) != n(next.getUpdatedReplicas())
                || n(current.getCollisionCount()) != n(next.getCollisionCount())
                || !Objects.equals(current.getCurrentRevision(), next.getCurrentRevision())
                || !Objects.equals(current.getUpdateRevision(), next.getUpdateRevision())
                || !Objects.equals(current.getObservedGeneration(), next.getObservedGeneration());
    }

    /**
     * When the next ready pod becomes available (minReadySeconds after it became ready): nothing announces that
     * moment, so the controller looks again then. Empty when no pod is waiting for it.
     */
    static Optional<Duration> untilNextAvailable(StatefulSet sts, List<Pod> pods, Instant now) {
        int minReady = StatefulSetSpecs.minReadySeconds(sts);
        if (minReady == 0) {
            return Optional.empty();
        }
        return pods.stream()
                .filter(p -> StatefulPods.runningAndReady(p) && !PodStates.available(p, minReady, now))
                .map(p -> PodStates.readySince(p).map(since -> Duration.between(now, since.plusSeconds(minReady)))
                        .orElse(Duration.ofSeconds(minReady)))
                .map(d -> d.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : d)
                .min(Duration::compareTo);
    }

    private static int n(Integer value) {
        return value == null ? 0 : value;
    }
}
