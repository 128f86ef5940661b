package dev.orchestrator.controllers.internal.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one reconcile of a running Job does, from the Job and its {@link JobProgress} alone: finish
 * it (Complete, or Failed for the first of podFailurePolicy FailJob, backoffLimit, deadline), delete
 * pods (all active ones of a finished or suspended Job, surplus ones otherwise), create pods (as
 * many as {@code min(parallelism, remaining completions)} asks; for Indexed Jobs the lowest indexes
 * that neither completed nor run), or wait out the pod failure back-off.
 *
 * @param finish the condition that ends the Job now; empty while it runs (or when it ended before)
 * @param delete active pods to delete
 * @param create one entry per pod to create: its completion index, empty for NonIndexed Jobs
 * @param requeueAfter when time alone changes the decision (back-off, deadline)
 */
record JobPlan(Optional<Finish> finish, List<Pod> delete, List<OptionalInt> create, Optional<Duration> requeueAfter) {

    /** How a Job ends: condition type {@code Complete} or {@code Failed}, its reason and message. */
    record Finish(String type, String reason, String message) {
        boolean failed() {
            return "Failed".equals(type);
        }
    }

    /** The pod failure back-off: {@code base} doubled per failure since the last success, at most {@code max}. */
    record Backoff(Duration base, Duration max) {
        Duration after(int failures) {
            if (failures <= 0) {
                return Duration.ZERO;
            }
            Duration delay = base;
            for (int i = 1; i < failures && delay.compareTo(max) < 0; i++) {
                delay = delay.multipliedBy(2);
            }
            return delay.compareTo(max) > 0 ? max : delay;
        }
    }

    /** Newest first, so the pods that ran longest (and may be nearly done) survive a scale-down. */
    private static final Comparator<Pod> SURPLUS_FIRST = Comparator.comparing(
            (Pod p) -> p.getMetadata().getCreationTimestamp() == null ? "" : p.getMetadata().getCreationTimestamp())
            .reversed();

    /**
     * @param startTime when the Job (last) started running; empty while suspended before its first start
     */
    static JobPlan decide(Job job, JobProgress progress, Optional<Instant> startTime, Instant now, Backoff backoff) {
        var spec = job.getSpec();
        if (JobConditions.finished(job) || Boolean.TRUE.equals(spec.getSuspend())) {
            return new JobPlan(Optional.empty(), progress.active(), List.of(), Optional.empty());
        }
        Optional<Finish> failure = failure(job, progress, startTime, now);
        if (failure.isPresent()) {
            return new JobPlan(failure, progress.active(), List.of(), Optional.empty());
        }
        if (complete(job, progress)) {
            return new JobPlan(Optional.of(new Finish("Complete", "CompletionsReached",
                    "Reached expected number of succeeded pods")), progress.active(), List.of(), Optional.empty());
        }
        Optional<Duration> deadline = deadlineLeft(job, startTime, now);
        return JobPods.indexed(job) ? indexed(job, progress, now, backoff, deadline)
                : nonIndexed(job, progress, now, backoff, deadline);
    }

    private static Optional<Finish> failure(Job job, JobProgress progress, Optional<Instant> startTime, Instant now) {
        if (progress.failJob().isPresent()) {
            return Optional.of(new Finish("Failed", "PodFailurePolicy", progress.failJob().get()));
        }
        int limit = job.getSpec().getBackoffLimit() == null ? 6 : job.getSpec().getBackoffLimit();
        boolean onFailure = "OnFailure".equals(job.getSpec().getTemplate().getSpec().getRestartPolicy());
        // With OnFailure the kubelet retries in place: container restarts are the failures (Kubernetes' rule).
        boolean restartsExceeded = onFailure && (limit == 0 ? progress.restarts() > 0 : progress.restarts() >= limit);
        if (progress.failed() > limit || restartsExceeded) {
            return Optional.of(new Finish("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit"));
        }
        if (deadlineLeft(job, startTime, now).filter(left -> left.isZero() || left.isNegative()).isPresent()) {
            return Optional.of(new Finish("Failed", "DeadlineExceeded", "Job was active longer than specified deadline"));
        }
        return Optional.empty();
    }

    private static Optional<Duration> deadlineLeft(Job job, Optional<Instant> startTime, Instant now) {
        Long seconds = job.getSpec().getActiveDeadlineSeconds();
        if (seconds == null || startTime.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, startTime.get().plusSeconds(seconds)));
    }

    static boolean complete(Job job, JobProgress progress) {
        Integer completions = job.getSpec().getCompletions();
        if (completions == null) {
            // A work queue: done once any pod succeeded and the others have stopped.
            return progress.succeeded() > 0 && progress.active().isEmpty();
        }
        return progress.succeeded() >= completions;
    }

    private static int parallelism(Job job) {
        return job.getSpec().getParallelism() == null ? 1 : job.getSpec().getParallelism();
    }

    private static JobPlan nonIndexed(Job job, JobProgress progress, Instant now, Backoff backoff,
                                      Optional<Duration> deadline) {
        Integer completions = job.getSpec().getCompletions();
        int active = progress.active().size();
        // A work queue (no completions) starts nothing once a pod succeeded, but lets the running ones finish.
        int remaining = completions == null ? (progress.succeeded() > 0 ? active : parallelism(job))
                : completions - progress.succeeded();
        int wanted = Math.max(0, Math.min(parallelism(job), remaining));
        if (active > wanted) {
            List<Pod> surplus = progress.active().stream().sorted(SURPLUS_FIRST).limit(active - wanted).toList();
            return new JobPlan(Optional.empty(), surplus, List.of(), deadline);
        }
        List<OptionalInt> create = new ArrayList<>();
        for (int i = active; i < wanted; i++) {
            create.add(OptionalInt.empty());
        }
        return withBackoff(create, List.of(), progress, now, backoff, deadline);
    }

    private static JobPlan indexed(Job job, JobProgress progress, Instant now, Backoff backoff,
                                   Optional<Duration> deadline) {
        int completions = job.getSpec().getCompletions();
        Set<Integer> running = new TreeSet<>();
        List<Pod> delete = new ArrayList<>();
        // Highest indexes first, so that when parallelism drops the lowest indexes keep running.
        List<Pod> byIndex = progress.active().stream()
                .sorted(Comparator.comparingInt((Pod p) -> JobPods.indexOf(p).orElse(Integer.MAX_VALUE))).toList();
        for (Pod pod : byIndex) {
            OptionalInt index = JobPods.indexOf(pod);
            boolean useless = index.isEmpty() || index.getAsInt() >= completions
                    || progress.completedIndexes().contains(index.getAsInt()) || !running.add(index.getAsInt());
            if (useless) {
                delete.add(pod);
            }
        }
        int wanted = Math.min(parallelism(job), completions - progress.completedIndexes().size());
        List<Pod> kept = byIndex.stream().filter(p -> !delete.contains(p)).toList();
        for (int i = kept.size() - 1; i >= wanted; i--) {
            delete.add(kept.get(i));
        }
        List<OptionalInt> create = new ArrayList<>();
        for (int index = 0; index < completions && running.size() + create.size() < wanted; index++) {
            if (!running.contains(index) && !progress.completedIndexes().contains(index)) {
                create.add(OptionalInt.of(index));
            }
        }
        return withBackoff(create, delete, progress, now, backoff, deadline);
    }

    /** Creations wait until the back-off since the last failure passed; the wait becomes a requeue. */
    private static JobPlan withBackoff(List<OptionalInt> create, List<Pod> delete, JobProgress progress, Instant now,
                                       Backoff backoff, Optional<Duration> deadline) {
        if (!create.isEmpty() && progress.lastFailure().isPresent()) {
            Instant until = progress.lastFailure().get().plus(backoff.after(progress.failuresSinceSuccess()));
            if (until.isAfter(now)) {
                return new JobPlan(Optional.empty(), delete, List.of(), Optional.of(earliest(Duration.between(now, until),
                        deadline)));
            }
        }
        return new JobPlan(Optional.empty(), delete, List.copyOf(create), deadline);
    }

    private static Duration earliest(Duration a, Optional<Duration> b) {
        return b.filter(d -> d.compareTo(a) < 0).orElse(a);
    }
}
