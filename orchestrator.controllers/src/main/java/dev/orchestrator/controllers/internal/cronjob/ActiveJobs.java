package dev.orchestrator.controllers.internal.cronjob;

import dev.orchestrator.controllers.internal.Times;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * status.active and status.lastSuccessfulTime brought up to date with the CronJob's Jobs: a listed
 * Job that finished leaves (SawCompletedJob), one that is gone leaves (MissingJob), and an
 * unfinished scheduled Job that the list lacks joins it. The last happens when the controller
 * stopped between creating a Job and writing the status: Kubernetes only warns (UnexpectedJob)
 * there, which would let a Forbid CronJob start a second run; the list is derived from the Jobs
 * here instead, as a level-triggered controller does.
 */
final class ActiveJobs {

    /** An event for the CronJob. */
    record Note(boolean warning, String reason, String message) {
    }

    /**
     * @param active             the new status.active
     * @param lastSuccessfulTime the latest completion time of a Job that completed, if any
     */
    record Outcome(List<ObjectReference> active, Optional<Instant> lastSuccessfulTime, List<Note> notes) {
    }

    private ActiveJobs() {
    }

    /**
     * @param listed  status.active as stored
     * @param owned   the Jobs the CronJob controls, from the cache
     * @param present whether a listed Job that the cache lacks still exists (asked of the API server,
     *                so that a cache behind the Job's creation does not make it "missing")
     */
    static Outcome sync(List<ObjectReference> listed, Optional<Instant> lastSuccessful, List<Job> owned,
                        Predicate<ObjectReference> present) {
        Map<String, Job> byName = owned.stream().collect(Collectors.toMap(j -> j.getMetadata().getName(), j -> j));
        List<ObjectReference> active = new ArrayList<>();
        List<Note> notes = new ArrayList<>();
        for (ObjectReference ref : listed) {
            Job job = byName.get(ref.getName());
            if (job == null) {
                if (present.test(ref)) {
                    active.add(ref);
                } else {
                    notes.add(new Note(true, "MissingJob", "Active job went missing: " + ref.getName()));
                }
            } else if (JobHistory.finished(job)) {
                notes.add(new Note(false, "SawCompletedJob", "Saw completed job: " + ref.getName() + ", condition: "
                        + (JobHistory.finish(job).orElseThrow() == JobHistory.Finish.COMPLETE ? "Complete" : "Failed")));
            } else {
                active.add(ScheduledJobs.reference(job));
            }
        }
        for (Job job : owned) {
            boolean listedAlready = active.stream().anyMatch(r -> r.getName().equals(job.getMetadata().getName()));
            if (!listedAlready && !JobHistory.finished(job) && ScheduledJobs.scheduled(job)) {
                active.add(ScheduledJobs.reference(job));
            }
        }
        return new Outcome(active, latestSuccess(lastSuccessful, owned), notes);
    }

    private static Optional<Instant> latestSuccess(Optional<Instant> lastSuccessful, List<Job> owned) {
        Optional<Instant> latest = lastSuccessful;
        for (Job job : owned) {
            if (JobHistory.finish(job).equals(Optional.of(JobHistory.Finish.COMPLETE))) {
                Optional<Instant> done = Times.parse(job.getStatus().getCompletionTime());
                if (done.isPresent() && (latest.isEmpty() || done.get().isAfter(latest.get()))) {
                    latest = done;
                }
            }
        }
        return latest;
    }
}
