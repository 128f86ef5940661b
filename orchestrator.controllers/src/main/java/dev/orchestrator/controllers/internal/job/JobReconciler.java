package dev.orchestrator.controllers.internal.job;

import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Reconciler;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.api.controller.Result;
import dev.orchestrator.api.controller.Watches;
import dev.orchestrator.client.ControllerClients;
import dev.orchestrator.controllers.internal.ApiErrors;
import dev.orchestrator.controllers.internal.ownership.Adoption;
import dev.orchestrator.controllers.internal.ownership.Claims;
import dev.orchestrator.controllers.internal.pods.OwnedPodWrites;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Runs the pods of each batch/v1 Job, as Kubernetes' Job controller does: claims pods (adopts
 * matching orphans), decides from the pods and the recorded status alone ({@link JobPlan}) what to
 * create or delete and whether the Job is now Complete or Failed, writes the status when it
 * changed, records the events Kubernetes records, and deletes a finished Job once its
 * {@code ttlSecondsAfterFinished} passed. Like the ReplicaSet controller it acts only when the
 * runtime's expectations show that its previous writes reached the cache.
 */
@Component(name = "orchestrator.controllers.job", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = Reconciler.class)
@Designate(ocd = JobConfig.class)
public final class JobReconciler implements Reconciler<Job> {

    private final KubernetesClient client;
    private final Adoption adoption;
    private final OwnedPodWrites podWrites;
    private final JobPodWrites writes;
    private final JobPlan.Backoff backoff;

    @Activate
    public JobReconciler(@Reference ControllerClients clients, JobConfig config) {
        this.client = clients.forAccount("job-controller");
        this.adoption = new Adoption(this.client);
        this.podWrites = new OwnedPodWrites(this.client, config.initialBatchSize(), "job");
        this.writes = new JobPodWrites(podWrites, Math.max(1, config.burstPods()));
        Duration base = Duration.ofMillis(Math.max(1, config.podFailureBackoffMillis()));
        Duration max = Duration.ofMillis(Math.max(config.podFailureBackoffMillis(), config.maxPodFailureBackoffMillis()));
        this.backoff = new JobPlan.Backoff(base, max);
    }

    @Deactivate
    void deactivate() {
        podWrites.close();
    }

    @Override
    public Watches<Job> watches() {
        return Watches.of("job", Job.class).owns(Pod.class, JobPods::selectorOf);
    }

    @Override
    public Result reconcile(Request request, Context context) {
        Optional<Job> found = context.lister(Job.class).get(request.namespace(), request.name());
        if (found.isEmpty()) {
            context.expectations().forget(request);
            return Result.done();
        }
        Job job = found.get();
        if (job.getMetadata().getDeletionTimestamp() != null) {
            return Result.done(); // its pods are the garbage collector's now
        }
        if (JobConditions.finished(job) && job.getSpec().getTtlSecondsAfterFinished() != null) {
            Optional<Result> expired = deleteIfExpired(job);
            if (expired.isPresent()) {
                return expired.get();
            }
        }
        if (!context.expectations().satisfied(request)) {
            return Result.done(); // the watch will bring the missing pods and with them this key again
        }
        Claims<Pod> claims = Claims.of(job, JobPods.selectorOf(job), context.lister(Pod.class));
        List<Pod> owned = new ArrayList<>(claims.owned());
        boolean claimConflict = adoption.claim(job, claims, owned);
        Instant now = Instant.now();
        JobProgress progress = JobProgress.of(job, owned);
        Optional<Instant> startTime = JobStatusCalc.startTime(job, now);
        JobPlan plan = JobPlan.decide(job, progress, startTime, now, backoff);
        JobPodWrites.Outcome outcome = context.cancelled() ? JobPodWrites.Outcome.NONE
                : writes.apply(job, plan, request, context);
        JobStatus status = JobStatusCalc.compute(job, progress, plan, outcome.created(), outcome.deleted(), startTime, now);
        if (!writeStatus(job, status)) {
            return Result.retry("the Job changed while its status was written");
        }
        recordTransitions(job, plan, context);
        if (outcome.failure().isPresent()) {
            return Result.retry(outcome.failure().get());
        }
        if (claimConflict) {
            return Result.retry("a pod changed while it was adopted or released");
        }
        return next(job, plan);
    }

    /** Events for the conditions that changed, under Kubernetes' reasons. */
    private static void recordTransitions(Job job, JobPlan plan, Context context) {
        plan.finish().ifPresent(f -> {
            if (f.failed()) {
                context.events().warning(job, f.reason(), f.message());
            } else {
                context.events().normal(job, "Completed", "Job completed");
            }
        });
        boolean suspend = Boolean.TRUE.equals(job.getSpec().getSuspend());
        boolean wasSuspended = JobConditions.isTrue(job, JobConditions.SUSPENDED);
        if (suspend && !wasSuspended && !JobConditions.finished(job)) {
            context.events().normal(job, "Suspended", "Job suspended");
        } else if (!suspend && wasSuspended) {
            context.events().normal(job, "Resumed", "Job resumed");
        }
    }

    /** A finished Job with a TTL comes back when the TTL ends; a running one when time changes the plan. */
    private static Result next(Job job, JobPlan plan) {
        Integer ttl = job.getSpec().getTtlSecondsAfterFinished();
        if (plan.finish().isPresent() && ttl != null) {
            return Result.requeueAfter(Duration.ofSeconds(Math.max(1, ttl)));
        }
        return plan.requeueAfter().filter(d -> !d.isNegative() && !d.isZero())
                .map(Result::requeueAfter).orElse(Result.done());
    }

    /**
     * Deletes a finished Job whose TTL passed, in the background (the garbage collector takes its
     * pods), as Kubernetes' TTL-after-finished controller does.
     *
     * @return the result when the Job was deleted or is still waiting for its TTL; empty when it has no finish time yet
     */
    private Optional<Result> deleteIfExpired(Job job) {
        Optional<Instant> finishedAt = JobConditions.finishedAt(job);
        if (finishedAt.isEmpty()) {
            return Optional.empty();
        }
        Instant expires = finishedAt.get().plusSeconds(job.getSpec().getTtlSecondsAfterFinished());
        Duration left = Duration.between(Instant.now(), expires);
        if (!left.isNegative() && !left.isZero()) {
            return Optional.of(Result.requeueAfter(left));
        }
        client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).withName(job.getMetadata().getName())
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        return Optional.of(Result.done());
    }

    /**
     * Writes the status when it changed.
     *
     * @return false on a conflict: the Job changed since the cache saw it, and the retry computes
     *     the status again from the newer version; true when written, unchanged or gone
     */
    private boolean writeStatus(Job job, JobStatus status) {
        if (!JobStatusCalc.differs(job.getStatus(), status)) {
            return true;
        }
        Job updated = new JobBuilder(job).withStatus(status).build();
        return ApiErrors.writeUnlessConflict(() -> client.batch().v1().jobs()
                .inNamespace(job.getMetadata().getNamespace()).resource(updated).updateStatus());
    }
}
