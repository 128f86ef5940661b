package dev.orchestrator.controllers.internal.job;

import dev.orchestrator.controllers.internal.Times;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * A Job's status after one reconcile: the counts of {@link JobProgress} (active after this
 * reconcile's creations and deletions), completedIndexes, startTime, completionTime and the
 * {@link JobConditions}.
 */
final class JobStatusCalc {

    private JobStatusCalc() {
    }

    /**
     * When the Job started running, as Kubernetes keeps it: set on the first reconcile that runs it,
     * kept while it runs, suspended or finished, and set anew when it resumes from suspension
     * (so activeDeadlineSeconds counts from the resume).
     */
    static Optional<Instant> startTime(Job job, Instant now) {
        Optional<Instant> recorded = job.getStatus() == null ? Optional.empty() : Times.parse(job.getStatus().getStartTime());
        if (JobConditions.finished(job) || Boolean.TRUE.equals(job.getSpec().getSuspend())) {
            return recorded;
        }
        if (JobConditions.isTrue(job, JobConditions.SUSPENDED)) {
            return Optional.of(now);
        }
        return recorded.or(() -> Optional.of(now));
    }

    static JobStatus compute(Job job, JobProgress progress, JobPlan plan, int created, int deleted,
                             Optional<Instant> startTime, Instant now) {
        JobStatus old = job.getStatus();
        String completionTime = old == null ? null : old.getCompletionTime();
        if (plan.finish().filter(f -> JobConditions.COMPLETE.equals(f.type())).isPresent()) {
            completionTime = seconds(now);
        }
        return new JobStatusBuilder()
                .withActive(Math.max(0, progress.active().size() + created - deleted))
                .withReady(progress.ready())
                .withSucceeded(progress.succeeded())
                .withFailed(progress.failed())
                .withCompletedIndexes(JobPods.indexed(job) ? CompletionIndexes.format(progress.completedIndexes()) : null)
                .withStartTime(startTime.map(JobStatusCalc::seconds).orElse(null))
                .withCompletionTime(completionTime)
                .withConditions(JobConditions.next(job, plan.finish(), now))
                .build();
    }

    private static String seconds(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** True when writing {@code next} would change what the API holds (zero and absent counts are equal). */
    static boolean differs(JobStatus current, JobStatus next) {
        if (current == null) {
            return true;
        }
        return n(current.getActive()) != n(next.getActive())
                || n(current.getReady()) != n(next.getReady())
                || n(current.getSucceeded()) != n(next.getSucceeded())
                || n(current.getFailed()) != n(next.getFailed())
                || !Objects.equals(blankToNull(current.getCompletedIndexes()), blankToNull(next.getCompletedIndexes()))
                || !Objects.equals(current.getStartTime(), next.getStartTime())
                || !Objects.equals(current.getCompletionTime(), next.getCompletionTime())
                || !current.getConditions().equals(next.getConditions());
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static int n(Integer value) {
        return value == null ? 0 : value;
    }
}
