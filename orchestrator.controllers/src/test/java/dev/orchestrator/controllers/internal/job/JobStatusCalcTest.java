package dev.orchestrator.controllers.internal.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobStatusCalcTest {

    private static final Instant NOW = Instant.parse("2026-01-01T01:00:00Z");
    private static final JobPlan.Backoff BACKOFF = new JobPlan.Backoff(Duration.ofSeconds(10), Duration.ofMinutes(6));

    private static JobStatus next(Job job, List<io.fabric8.kubernetes.api.model.Pod> pods, int created, int deleted) {
        JobProgress progress = JobProgress.of(job, pods);
        Optional<Instant> start = JobStatusCalc.startTime(job, NOW);
        JobPlan plan = JobPlan.decide(job, progress, start, NOW, BACKOFF);
        return JobStatusCalc.compute(job, progress, plan, created, deleted, start, NOW);
    }

    private static Job withStatus(Job job, JobStatus status) {
        return new JobBuilder(job).withStatus(status).build();
    }

    @Test
    void aNewJobStartsNowAndCountsWhatItCreated() {
        Job job = Jobs.job(5, 2).build();
        JobStatus status = next(job, List.of(), 2, 0);
        assertEquals(2, status.getActive());
        assertEquals("2026-01-01T01:00:00Z", status.getStartTime());
        assertNull(status.getCompletionTime());
        assertTrue(status.getConditions().isEmpty());
        assertFalse(JobStatusCalc.differs(status, next(withStatus(job, status), List.of(), 2, 0)),
                "the same state writes nothing");
    }

    @Test
    void completingSetsCompletionTimeAndTheCompleteCondition() {
        Job job = Jobs.job(1, 1).build();
        JobStatus status = next(job, List.of(Jobs.finished(job, "a", "Succeeded", 0, "2026-01-01T00:59:00Z")), 0, 0);
        assertEquals(1, status.getSucceeded());
        assertEquals("2026-01-01T01:00:00Z", status.getCompletionTime());
        JobCondition complete = status.getConditions().get(0);
        assertEquals(List.of("Complete", "True", "CompletionsReached", "2026-01-01T01:00:00Z", "2026-01-01T01:00:00Z"),
                List.of(complete.getType(), complete.getStatus(), complete.getReason(), complete.getLastProbeTime(),
                        complete.getLastTransitionTime()));
    }

    @Test
    void suspendingAndResumingFlipTheSuspendedConditionAndResetTheStartTime() {
        Job running = withStatus(Jobs.job(2, 2).build(), new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder()
                .withStartTime("2026-01-01T00:00:00Z").build());
        Job suspended = new JobBuilder(running).editSpec().withSuspend(true).endSpec().build();
        JobStatus paused = next(suspended, List.of(), 0, 0);
        assertEquals("2026-01-01T00:00:00Z", paused.getStartTime());
        JobCondition condition = paused.getConditions().get(0);
        assertEquals(List.of("Suspended", "True", "JobSuspended"),
                List.of(condition.getType(), condition.getStatus(), condition.getReason()));

        Job resumed = new JobBuilder(withStatus(suspended, paused)).editSpec().withSuspend(false).endSpec().build();
        JobStatus again = next(resumed, List.of(), 2, 0);
        assertEquals("2026-01-01T01:00:00Z", again.getStartTime(), "startTime is reset on resume");
        JobCondition after = again.getConditions().get(0);
        assertEquals(List.of("Suspended", "False", "JobResumed"), List.of(after.getType(), after.getStatus(), after.getReason()));
        assertEquals("2026-01-01T01:00:00Z", JobStatusCalc.startTime(withStatus(resumed, again), NOW.plusSeconds(50))
                .orElseThrow().toString(), "and kept after");
    }

    @Test
    void countsNeverFallBelowWhatTheStatusRecorded() {
        Job job = withStatus(Jobs.job(5, 1).build(), new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder()
                .withSucceeded(3).withFailed(2).withStartTime("2026-01-01T00:00:00Z").build());
        JobStatus status = next(job, List.of(Jobs.finished(job, "a", "Succeeded", 0, "2026-01-01T00:00:00Z")), 0, 0);
        assertEquals(3, status.getSucceeded());
        assertEquals(2, status.getFailed());
    }
}
