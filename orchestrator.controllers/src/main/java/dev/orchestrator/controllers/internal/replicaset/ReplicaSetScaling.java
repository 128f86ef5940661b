package dev.orchestrator.controllers.internal.replicaset;

import dev.orchestrator.controllers.internal.pods.SlowStart;
import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Expectations;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.controllers.internal.ApiErrors;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.List;
import java.util.Optional;

/**
 * Creates or deletes pods so that a ReplicaSet has {@code spec.replicas} active ones, at most
 * {@code burst} per reconcile. Every write is announced to the expectations first, and every write
 * that will not show up in the cache (it failed, or was skipped) is taken back, so that the next
 * reconcile acts only on a cache that includes this one's writes.
 */
final class ReplicaSetScaling {

    private final PodWrites pods;
    private final int burst;
    private final int initialBatch;

    ReplicaSetScaling(PodWrites pods, int burst, int initialBatch) {
        this.pods = pods;
        this.burst = burst;
        this.initialBatch = initialBatch;
    }

    /** @return why creating or deleting failed, if it did */
    Optional<ReplicaSetStatusCalc.Failure> scale(ReplicaSet rs, List<Pod> active, Request key, Context context) {
        int replicas = rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
        int diff = active.size() - replicas;
        if (diff < 0) {
            return create(rs, Math.min(-diff, burst), key, context);
        }
        if (diff > 0) {
            List<Pod> victims = active.stream().sorted(DeletionOrder.FIRST_TO_DELETE).limit(Math.min(diff, burst)).toList();
            return delete(rs, victims, key, context);
        }
        return Optional.empty();
    }

    private Optional<ReplicaSetStatusCalc.Failure> create(ReplicaSet rs, int count, Request key, Context context) {
        Expectations expectations = context.expectations();
        expectations.expectCreations(key, count);
        String[] failure = new String[1];
        int[] attempted = new int[1];
        boolean[] terminating = new boolean[1];
        SlowStart.run(count, initialBatch, n -> {
            int ok = 0;
            for (int i = 0; i < n && failure[0] == null && !terminating[0] && !context.cancelled(); i++) {
                attempted[0]++;
                try {
                    Pod pod = pods.create(rs);
                    ok++;
                    context.events().normal(rs, "SuccessfulCreate", "Created pod: " + pod.getMetadata().getName());
                } catch (RuntimeException e) {
                    expectations.creationObserved(key);
                    if (ApiErrors.namespaceTerminating(e)) {
                        terminating[0] = true; // the namespace's deletion takes this ReplicaSet too
                    } else {
                        failure[0] = ApiErrors.message(e);
                        context.events().warning(rs, "FailedCreate", "Error creating: " + failure[0]);
                    }
                }
            }
            return ok;
        });
        for (int skipped = count - attempted[0]; skipped > 0; skipped--) {
            expectations.creationObserved(key);
        }
        return Optional.ofNullable(failure[0]).map(m -> new ReplicaSetStatusCalc.Failure("FailedCreate", m));
    }

    private Optional<ReplicaSetStatusCalc.Failure> delete(ReplicaSet rs, List<Pod> victims, Request key, Context context) {
        Expectations expectations = context.expectations();
        expectations.expectDeletions(key, victims.stream().map(ReplicaSetScaling::objectKey).toList());
        String failure = null;
        for (Pod pod : victims) {
            try {
                if (!pods.delete(pod)) {
                    expectations.deletionObserved(key, objectKey(pod));
                    continue;
                }
                context.events().normal(rs, "SuccessfulDelete", "Deleted pod: " + pod.getMetadata().getName());
            } catch (RuntimeException e) {
                expectations.deletionObserved(key, objectKey(pod));
                failure = ApiErrors.message(e);
                context.events().warning(rs, "FailedDelete", "Error deleting: " + failure);
            }
        }
        return Optional.ofNullable(failure).map(m -> new ReplicaSetStatusCalc.Failure("FailedDelete", m));
    }

    static String objectKey(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }
}
