package dev.orchestrator.controllers.internal.job;

import static dev.orchestrator.controllers.internal.job.Jobs.finished;
import static dev.orchestrator.controllers.internal.job.Jobs.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobPlanTest {

    private static final Instant NOW = Instant.parse("2026-01-01T01:00:00Z");
    private static final JobPlan.Backoff BACKOFF = new JobPlan.Backoff(Duration.ofSeconds(10), Duration.ofMinutes(6));

    private static JobPlan plan(Job job, List<Pod> pods) {
        return JobPlan.decide(job, JobProgress.of(job, pods), Optional.of(NOW.minusSeconds(30)), NOW, BACKOFF);
    }

    /** {@code succeeded}, {@code failed} and {@code running} pods of a Job; failures finished an hour ago. */
    private static List<Pod> pods(Job job, int succeeded, int failed, int running) {
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < succeeded; i++) {
            pods.add(finished(job, "ok-" + i, "Succeeded", 0, "2026-01-01T00:00:00Z"));
        }
        for (int i = 0; i < failed; i++) {
            pods.add(finished(job, "bad-" + i, "Failed", 1, "2026-01-01T00:00:01Z"));
        }
        for (int i = 0; i < running; i++) {
            pods.add(pod(job, "run-" + i, "Running", null));
        }
        return pods;
    }

    @ParameterizedTest(name = "completions {0}, parallelism {1}: {2} succeeded, {3} running → create {4}, delete {5}, {6}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "5|2|0|0|2|0|running",
            "5|2|0|2|0|0|running",
            "5|2|4|0|1|0|running",
            "5|2|4|2|0|1|running",
            "5|2|5|0|0|0|Complete",
            "1|1|0|0|1|0|running",
            "null|3|0|0|3|0|running",
            "null|3|1|1|0|0|running",
            "null|3|1|0|0|0|Complete",
            "3|0|0|1|0|1|running"})
    void nonIndexedRunsMinOfParallelismAndRemainingCompletions(Integer completions, int parallelism, int succeeded,
                                                              int running, int create, int delete, String state) {
        Job job = Jobs.job(completions, parallelism).build();
        JobPlan plan = plan(job, pods(job, succeeded, 0, running));
        assertEquals(create, plan.create().size(), plan.toString());
        assertEquals(delete, plan.delete().size(), plan.toString());
        assertEquals(state, plan.finish().map(JobPlan.Finish::type).orElse("running"));
    }

    @Test
    void failuresBeyondTheBackoffLimitFailTheJobAndStopItsPods() {
        Job job = Jobs.job(5, 2).editSpec().withBackoffLimit(2).endSpec().build();
        JobPlan atLimit = plan(job, pods(job, 0, 2, 1));
        assertTrue(atLimit.finish().isEmpty(), "2 failures are within a limit of 2");
        JobPlan beyond = plan(job, pods(job, 0, 3, 1));
        assertEquals(new JobPlan.Finish("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit"),
                beyond.finish().orElseThrow());
        assertEquals(1, beyond.delete().size());
        assertTrue(beyond.create().isEmpty());
    }

    @Test
    void withRestartPolicyOnFailureContainerRestartsCountAgainstTheBackoffLimit() {
        Job job = Jobs.job(1, 1).editSpec().withBackoffLimit(3).editTemplate().editSpec().withRestartPolicy("OnFailure")
                .endSpec().endTemplate().endSpec().build();
        Pod restarting = new io.fabric8.kubernetes.api.model.PodBuilder(pod(job, "r", "Running", null)).editStatus()
                .addNewContainerStatus().withName("main").withRestartCount(2).endContainerStatus().endStatus().build();
        assertTrue(plan(job, List.of(restarting)).finish().isEmpty());
        Pod exhausted = new io.fabric8.kubernetes.api.model.PodBuilder(restarting).editStatus()
                .editFirstContainerStatus().withRestartCount(3).endContainerStatus().endStatus().build();
        assertEquals("BackoffLimitExceeded", plan(job, List.of(exhausted)).finish().orElseThrow().reason());
    }

    @Test
    void aReplacementWaitsForThePodFailureBackoff() {
        Job job = Jobs.job(1, 1).build();
        Pod justFailed = finished(job, "bad", "Failed", 1, NOW.minusSeconds(4).toString());
        JobPlan waiting = plan(job, List.of(justFailed));
        assertTrue(waiting.create().isEmpty());
        assertEquals(Duration.ofSeconds(6), waiting.requeueAfter().orElseThrow());
        JobPlan later = plan(job, List.of(finished(job, "bad", "Failed", 1, NOW.minusSeconds(11).toString())));
        assertEquals(1, later.create().size());
    }

    @Test
    void theBackoffDoublesUpToItsMaximum() {
        assertEquals(Duration.ZERO, BACKOFF.after(0));
        assertEquals(Duration.ofSeconds(10), BACKOFF.after(1));
        assertEquals(Duration.ofSeconds(40), BACKOFF.after(3));
        assertEquals(Duration.ofMinutes(6), BACKOFF.after(7));
        assertEquals(Duration.ofMinutes(6), BACKOFF.after(60));
    }

    @Test
    void anActiveDeadlineFailsTheJobOrRequeuesForTheTimeLeft() {
        Job job = Jobs.job(1, 1).editSpec().withActiveDeadlineSeconds(20L).endSpec().build();
        JobPlan failed = plan(job, pods(job, 0, 0, 1));
        assertEquals("DeadlineExceeded", failed.finish().orElseThrow().reason());
        assertEquals(1, failed.delete().size());
        Job longer = Jobs.job(1, 1).editSpec().withActiveDeadlineSeconds(50L).endSpec().build();
        JobPlan running = plan(longer, pods(longer, 0, 0, 1));
        assertTrue(running.finish().isEmpty());
        assertEquals(Duration.ofSeconds(20), running.requeueAfter().orElseThrow());
    }

    @Test
    void aSuspendedOrFinishedJobOnlyDeletesItsActivePods() {
        Job suspended = Jobs.job(3, 2).editSpec().withSuspend(true).endSpec().build();
        JobPlan plan = plan(suspended, pods(suspended, 0, 0, 2));
        assertEquals(2, plan.delete().size());
        assertTrue(plan.create().isEmpty() && plan.finish().isEmpty());
        Job failed = new JobBuilder(Jobs.job(3, 2).build()).withNewStatus().addNewCondition().withType("Failed")
                .withStatus("True").endCondition().endStatus().build();
        JobPlan after = plan(failed, pods(failed, 0, 0, 1));
        assertEquals(1, after.delete().size());
        assertTrue(after.create().isEmpty() && after.finish().isEmpty(), "a finished Job is not finished again");
    }

    @Test
    void anIndexedJobCreatesTheLowestIndexesThatNeitherCompletedNorRun() {
        Job job = Jobs.indexed(5, 3);
        List<Pod> pods = List.of(pod(job, "a", "Succeeded", 0), pod(job, "b", "Running", 2));
        JobPlan plan = plan(job, pods);
        assertEquals(List.of(OptionalInt.of(1), OptionalInt.of(3)), plan.create());
        assertTrue(plan.delete().isEmpty());
    }

    @Test
    void anIndexedJobDeletesDuplicatesAndPodsOfCompletedIndexes() {
        Job job = new JobBuilder(Jobs.indexed(3, 3)).withNewStatus().withCompletedIndexes("0").endStatus().build();
        Pod dup1 = pod(job, "one-a", "Running", 1);
        Pod dup2 = pod(job, "one-b", "Running", 1);
        Pod done = pod(job, "zero", "Running", 0);
        JobPlan plan = plan(job, List.of(dup1, dup2, done));
        assertEquals(2, plan.delete().size(), plan.toString());
        assertTrue(plan.delete().contains(done));
        assertEquals(List.of(OptionalInt.of(2)), plan.create());
    }

    @Test
    void anIndexedJobCompletesWhenEveryIndexSucceeded() {
        Job job = Jobs.indexed(3, 2);
        JobProgress progress = JobProgress.of(job, List.of(pod(job, "a", "Succeeded", 0), pod(job, "b", "Succeeded", 1),
                pod(job, "c", "Succeeded", 2), pod(job, "d", "Succeeded", 7)));
        assertEquals("0-2", CompletionIndexes.format(progress.completedIndexes()));
        assertEquals("Complete", JobPlan.decide(job, progress, Optional.of(NOW), NOW, BACKOFF).finish().orElseThrow().type());
    }
}
