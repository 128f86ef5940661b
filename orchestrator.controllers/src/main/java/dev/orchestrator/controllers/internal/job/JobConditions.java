package dev.orchestrator.controllers.internal.job;

import dev.orchestrator.controllers.internal.Times;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Job's conditions: {@code Complete} and {@code Failed} (terminal: once True the Job is finished
 * for good) and {@code Suspended} (True with reason JobSuspended while suspended, False with reason
 * JobResumed after). A condition's lastTransitionTime changes only when its status does, so a
 * reconcile that changes nothing writes nothing.
 */
final class JobConditions {

    static final String COMPLETE = "Complete";
    static final String FAILED = "Failed";
    static final String SUSPENDED = "Suspended";

    private JobConditions() {
    }

    static boolean isTrue(Job job, String type) {
        return find(job, type).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    static Optional<JobCondition> find(Job job, String type) {
        if (job.getStatus() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** Complete or Failed: the Job never runs a pod again. */
    static boolean finished(Job job) {
        return isTrue(job, COMPLETE) || isTrue(job, FAILED);
    }

    /** When the Job finished (its terminal condition's transition), for ttlSecondsAfterFinished. */
    static Optional<Instant> finishedAt(Job job) {
        return find(job, COMPLETE).or(() -> find(job, FAILED)).filter(c -> "True".equals(c.getStatus()))
                .flatMap(c -> Times.parse(c.getLastTransitionTime()))
                .or(() -> Optional.ofNullable(job.getStatus()).flatMap(s -> Times.parse(s.getCompletionTime())));
    }

    /** The conditions after this reconcile: the old ones, with Suspended and the finish (if any) set. */
    static List<JobCondition> next(Job job, Optional<JobPlan.Finish> finish, Instant now) {
        List<JobCondition> conditions = new ArrayList<>(job.getStatus() == null ? List.of() : job.getStatus().getConditions());
        boolean finished = finished(job);
        if (!finished && Boolean.TRUE.equals(job.getSpec().getSuspend())) {
            set(conditions, SUSPENDED, "True", "JobSuspended", "Job suspended", now);
        } else if (isTrue(job, SUSPENDED) && !Boolean.TRUE.equals(job.getSpec().getSuspend())) {
            set(conditions, SUSPENDED, "False", "JobResumed", "Job resumed", now);
        }
        finish.ifPresent(f -> set(conditions, f.type(), "True", f.reason(), f.message(), now));
        return conditions;
    }

    private static void set(List<JobCondition> conditions, String type, String status, String reason, String message,
                            Instant now) {
        for (int i = 0; i < conditions.size(); i++) {
            if (type.equals(conditions.get(i).getType())) {
                if (status.equals(conditions.get(i).getStatus())) {
                    return;
                }
                conditions.set(i, condition(type, status, reason, message, now));
                return;
            }
        }
        conditions.add(condition(type, status, reason, message, now));
    }

    private static JobCondition condition(String type, String status, String reason, String message, Instant now) {
        String time = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        return new JobConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastProbeTime(time).withLastTransitionTime(time).build();
    }
}
