package dev.orchestrator.controllers.internal.cronjob;

import dev.orchestrator.controllers.internal.Times;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Which of a CronJob's Jobs have finished, and which finished ones the history limits let go. */
final class JobHistory {

    /** How a Job ended: its Complete or Failed condition. */
    enum Finish { COMPLETE, FAILED }

    private static final Comparator<Job> OLDEST_FIRST = Comparator
            .comparing((Job j) -> started(j).orElse(Instant.MIN))
            .thenComparing(j -> j.getMetadata().getName());

    private JobHistory() {
    }

    static Optional<Finish> finish(Job job) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        for (JobCondition c : job.getStatus().getConditions()) {
            if ("True".equals(c.getStatus()) && "Complete".equals(c.getType())) {
                return Optional.of(Finish.COMPLETE);
            }
            if ("True".equals(c.getStatus()) && "Failed".equals(c.getType())) {
                return Optional.of(Finish.FAILED);
            }
        }
        return Optional.empty();
    }

    static boolean finished(Job job) {
        return finish(job).isPresent();
    }

    /**
     * The finished Jobs beyond the limits, oldest first by start time (else creation time), so the
     * newest ones stay. An absent limit keeps every Job of that kind, as Kubernetes does for a nil limit.
     */
    static List<Job> beyondLimits(List<Job> jobs, Optional<Integer> successfulLimit, Optional<Integer> failedLimit) {
        List<Job> delete = new ArrayList<>();
        delete.addAll(oldest(jobs, Finish.COMPLETE, successfulLimit));
        delete.addAll(oldest(jobs, Finish.FAILED, failedLimit));
        return delete;
    }

    private static List<Job> oldest(List<Job> jobs, Finish kind, Optional<Integer> limit) {
        if (limit.isEmpty()) {
            return List.of();
        }
        List<Job> finished = jobs.stream().filter(j -> finish(j).equals(Optional.of(kind))).sorted(OLDEST_FIRST).toList();
        int surplus = finished.size() - Math.max(0, limit.get());
        return surplus <= 0 ? List.of() : finished.subList(0, surplus);
    }

    private static Optional<Instant> started(Job job) {
        Optional<Instant> start = job.getStatus() == null ? Optional.empty() : Times.parse(job.getStatus().getStartTime());
        return start.or(() -> Times.parse(job.getMetadata().getCreationTimestamp()));
    }
}
