package dev.orchestrator.controllers.internal.job;

import dev.orchestrator.controllers.internal.Times;
import dev.orchestrator.controllers.internal.pods.PodStates;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a Job's pods and its recorded status say about its progress. The status is the memory of
 * finished pods (Kubernetes keeps them, but a person may delete one), so counts never go below
 * what the status already recorded. Pods being deleted count neither as active nor as finished:
 * the controller deleted them itself (suspend, surplus, a failed Job) and those are no failures.
 *
 * @param active pods that run or wait to run
 * @param ready active pods whose Ready condition is True
 * @param succeeded pods that succeeded (for Indexed Jobs: completed indexes)
 * @param failed failed pods that count towards {@code backoffLimit}
 * @param completedIndexes the completed indexes of an Indexed Job (empty otherwise)
 * @param failuresSinceSuccess counted failures that finished after the last success (the back-off exponent)
 * @param lastFailure when the last counted failure finished
 * @param restarts container restarts of active pods (restartPolicy OnFailure retries in place)
 * @param failJob the message of a podFailurePolicy FailJob rule that matched a failed pod
 */
record JobProgress(List<Pod> active, int ready, int succeeded, int failed, SortedSet<Integer> completedIndexes,
                   int failuresSinceSuccess, Optional<Instant> lastFailure, int restarts, Optional<String> failJob) {

    static JobProgress of(Job job, List<Pod> owned) {
        boolean indexed = JobPods.indexed(job);
        int completions = job.getSpec().getCompletions() == null ? 0 : job.getSpec().getCompletions();
        var status = job.getStatus();
        SortedSet<Integer> completed = indexed
                ? CompletionIndexes.parse(status == null ? null : status.getCompletedIndexes(), completions)
                : new TreeSet<>();
        List<Pod> active = new ArrayList<>();
        List<Instant> successes = new ArrayList<>();
        List<Instant> failures = new ArrayList<>();
        int succeededPods = 0;
        int failedPods = 0;
        Optional<String> failJob = Optional.empty();
        for (Pod pod : owned) {
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            if ("Succeeded".equals(phase)) {
                succeededPods++;
                successes.add(finishedAt(pod));
                OptionalInt index = JobPods.indexOf(pod);
                if (indexed && index.isPresent() && index.getAsInt() < completions) {
                    completed.add(index.getAsInt());
                }
            } else if ("Failed".equals(phase)) {
                PodFailurePolicyMatch.Verdict verdict = PodFailurePolicyMatch.of(job.getSpec().getPodFailurePolicy(), pod);
                if (verdict.action() == PodFailurePolicyMatch.Action.IGNORE) {
                    continue;
                }
                if (verdict.action() == PodFailurePolicyMatch.Action.FAIL_JOB && failJob.isEmpty()) {
                    failJob = Optional.of(verdict.message());
                }
                failedPods++;
                failures.add(finishedAt(pod));
            } else if (PodStates.active(pod)) {
                active.add(pod);
            }
        }
        Instant lastSuccess = successes.stream().max(Instant::compareTo).orElse(Instant.MIN);
        int sinceSuccess = (int) failures.stream().filter(t -> t.isAfter(lastSuccess)).count();
        int ready = (int) active.stream().filter(PodStates::ready).count();
        int restarts = active.stream().mapToInt(PodStates::restarts).sum();
        int recordedSucceeded = status == null || status.getSucceeded() == null ? 0 : status.getSucceeded();
        int recordedFailed = status == null || status.getFailed() == null ? 0 : status.getFailed();
        int succeeded = indexed ? completed.size() : Math.max(recordedSucceeded, succeededPods);
        return new JobProgress(List.copyOf(active), ready, succeeded, Math.max(recordedFailed, failedPods), completed,
                sinceSuccess, failures.stream().max(Instant::compareTo), restarts, failJob);
    }

    /**
     * When a finished pod finished: its containers' latest termination, else when its Ready
     * condition last changed, else its creation (a pod the kubelet never ran).
     */
    static Instant finishedAt(Pod pod) {
        Optional<Instant> terminated = pod.getStatus().getContainerStatuses().stream()
                .map(ContainerStatus::getState)
                .filter(s -> s != null && s.getTerminated() != null)
                .flatMap(s -> Times.parse(s.getTerminated().getFinishedAt()).stream())
                .max(Instant::compareTo);
        return terminated
                .or(() -> pod.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                        .map(PodCondition::getLastTransitionTime).flatMap(t -> Times.parse(t).stream()).findFirst())
                .or(() -> Times.parse(pod.getMetadata().getCreationTimestamp()))
                .orElse(Instant.EPOCH);
    }
}
