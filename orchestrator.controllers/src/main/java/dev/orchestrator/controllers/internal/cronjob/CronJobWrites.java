package dev.orchestrator.controllers.internal.cronjob;

import dev.orchestrator.controllers.internal.ApiErrors;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Objects;
import java.util.Optional;

/** The CronJob controller's API calls: create and delete Jobs, read one past the cache, write the status. */
final class CronJobWrites {

    private final KubernetesClient client;

    CronJobWrites(KubernetesClient client) {
        this.client = client;
    }

    /** A Job after a create: the new one, or the one that had the name already ({@code isNew} false). */
    record Created(Job job, boolean isNew) {
    }

    /**
     * Creates the Job; when one exists under its name already (a retry of a run whose creation went
     * through), returns that one, so the caller can check it is this CronJob's.
     */
    Created create(Job job) {
        try {
            return new Created(client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).resource(job)
                    .create(), true);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            Job existing = get(job.getMetadata().getNamespace(), job.getMetadata().getName()).orElse(null);
            if (existing == null) {
                throw e; // deleted between the two calls: the retry creates it
            }
            return new Created(existing, false);
        }
    }

    /** Deletes in the background, as Kubernetes' CronJob controller does: the Job goes at once, its pods after. */
    boolean delete(String namespace, String name) {
        return !client.batch().v1().jobs().inNamespace(namespace).withName(name)
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete().isEmpty();
    }

    Optional<Job> get(String namespace, String name) {
        return Optional.ofNullable(client.batch().v1().jobs().inNamespace(namespace).withName(name).get());
    }

    boolean exists(ObjectReference ref) {
        return get(ref.getNamespace(), ref.getName()).filter(j -> Objects.equals(ref.getUid(), j.getMetadata().getUid()))
                .isPresent();
    }

    /**
     * Writes the status when it changed.
     *
     * @return false on a conflict: the CronJob changed since the cache saw it, and the retry starts
     *     from the newer version; true when written, unchanged or gone
     */
    boolean writeStatus(CronJob cronJob, CronJobStatus status) {
        if (Objects.equals(cronJob.getStatus(), status)) {
            return true;
        }
        CronJob updated = new CronJobBuilder(cronJob).withStatus(status).build();
        return ApiErrors.writeUnlessConflict(() -> client.batch().v1().cronjobs()
                .inNamespace(cronJob.getMetadata().getNamespace()).resource(updated).updateStatus());
    }
}
