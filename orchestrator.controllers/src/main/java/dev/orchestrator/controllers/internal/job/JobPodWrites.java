package dev.orchestrator.controllers.internal.job;

import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Expectations;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.controllers.internal.ApiErrors;
import dev.orchestrator.controllers.internal.pods.SlowStart;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Carries out a {@link JobPlan}'s pod changes. Every write is announced to the expectations first
 * and every write that will not show up in the cache (it failed, or was skipped) is taken back, so
 * the next reconcile acts only on a cache that includes this one's writes and a slow watch never
 * makes the Job run a pod twice. Creations go in slow-start batches: a Job whose pods are all
 * refused (quota, admission) makes one failing call per attempt, not {@code parallelism} of them.
 */
final class JobPodWrites {

    /** What one round of writes did; {@code failure} is the API's message when a write was refused. */
    record Outcome(int created, int deleted, Optional<String> failure) {
    }

    private final KubernetesClient client;
    private final int burst;
    private final int initialBatch;

    JobPodWrites(KubernetesClient client, int burst, int initialBatch) {
        this.client = client;
        this.burst = burst;
        this.initialBatch = initialBatch;
    }

    Outcome apply(Job job, JobPlan plan, Request key, Context context) {
        int[] deleted = {0};
        Optional<String> deleteFailure = delete(job, plan.delete().stream().limit(burst).toList(), key, context, deleted);
        if (deleteFailure.isPresent() || plan.create().isEmpty()) {
            return new Outcome(0, deleted[0], deleteFailure);
        }
        List<OptionalInt> create = plan.create().stream().limit(burst).toList();
        int[] created = {0};
        Optional<String> createFailure = create(job, create, key, context, created);
        return new Outcome(created[0], deleted[0], createFailure);
    }

    private Optional<String> create(Job job, List<OptionalInt> indexes, Request key, Context context, int[] created) {
        Expectations expectations = context.expectations();
        expectations.expectCreations(key, indexes.size());
        String[] failure = new String[1];
        int[] attempted = {0};
        int[] refused = {0};
        boolean[] terminating = new boolean[1];
        SlowStart.run(indexes.size(), initialBatch, n -> {
            int ok = 0;
            for (int i = 0; i < n && failure[0] == null && !terminating[0] && !context.cancelled(); i++) {
                OptionalInt index = indexes.get(attempted[0]++);
                try {
                    Pod pod = client.pods().inNamespace(job.getMetadata().getNamespace())
                            .resource(JobPods.newPod(job, index)).create();
                    ok++;
                    context.events().normal(job, "SuccessfulCreate", "Created pod: " + pod.getMetadata().getName());
                } catch (RuntimeException e) {
                    expectations.creationObserved(key);
                    refused[0]++;
                    if (ApiErrors.namespaceTerminating(e)) {
                        terminating[0] = true; // the namespace's deletion takes this Job too
                    } else {
                        failure[0] = ApiErrors.message(e);
                        context.events().warning(job, "FailedCreate", "Error creating: " + failure[0]);
                    }
                }
            }
            return ok;
        });
        for (int skipped = indexes.size() - attempted[0]; skipped > 0; skipped--) {
            expectations.creationObserved(key);
        }
        created[0] = attempted[0] - refused[0];
        return Optional.ofNullable(failure[0]);
    }

    private Optional<String> delete(Job job, List<Pod> pods, Request key, Context context, int[] deleted) {
        if (pods.isEmpty()) {
            return Optional.empty();
        }
        Expectations expectations = context.expectations();
        expectations.expectDeletions(key, pods.stream().map(JobPodWrites::objectKey).toList());
        String failure = null;
        for (Pod pod : pods) {
            try {
                boolean existed = !client.pods().inNamespace(pod.getMetadata().getNamespace())
                        .withName(pod.getMetadata().getName()).delete().isEmpty();
                if (!existed) {
                    expectations.deletionObserved(key, objectKey(pod));
                }
                deleted[0]++;
                if (existed) {
                    context.events().normal(job, "SuccessfulDelete", "Deleted pod: " + pod.getMetadata().getName());
                }
            } catch (RuntimeException e) {
                expectations.deletionObserved(key, objectKey(pod));
                failure = ApiErrors.message(e);
                context.events().warning(job, "FailedDelete", "Error deleting: " + failure);
            }
        }
        return Optional.ofNullable(failure);
    }

    static String objectKey(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }
}
