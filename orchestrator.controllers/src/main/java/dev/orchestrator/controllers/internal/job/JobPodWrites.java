package dev.orchestrator.controllers.internal.job;

import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.controllers.internal.pods.OwnedPodWrites;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Optional;

/**
 * Carries out a {@link JobPlan}'s pod changes through {@link OwnedPodWrites} (slow-start batches, expectations,
 * events): deletions first, and creations only when every deletion went through, at most {@code burst} of each.
 */
final class JobPodWrites {

    /** What one round of writes did; {@code failure} is the API's message when a write was refused. */
    record Outcome(int created, int deleted, Optional<String> failure) {
        static final Outcome NONE = new Outcome(0, 0, Optional.empty());
    }

    private final OwnedPodWrites writes;
    private final int burst;

    JobPodWrites(OwnedPodWrites writes, int burst) {
        this.writes = writes;
        this.burst = burst;
    }

    Outcome apply(Job job, JobPlan plan, Request key, Context context) {
        OwnedPodWrites.Outcome deleted = writes.delete(job, plan.delete().stream().limit(burst).toList(), key, context);
        if (deleted.failure().isPresent() || plan.create().isEmpty()) {
            return new Outcome(0, deleted.succeeded(), deleted.failure());
        }
        OwnedPodWrites.Outcome created = writes.create(job, plan.create().stream().limit(burst).toList(),
                index -> JobPods.newPod(job, index), key, context);
        return new Outcome(created.succeeded(), deleted.succeeded(), created.failure());
    }
}
