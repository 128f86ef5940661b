package dev.orchestrator.controllers.internal.cronjob;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobHistoryTest {

    private static final List<Job> JOBS = List.of(
            Jobs.finished("ok-3", "2026-01-01T00:03:00Z", "Complete", "2026-01-01T00:03:30Z"),
            Jobs.finished("ok-1", "2026-01-01T00:01:00Z", "Complete", "2026-01-01T00:01:30Z"),
            Jobs.finished("ok-2", "2026-01-01T00:02:00Z", "Complete", "2026-01-01T00:02:30Z"),
            Jobs.finished("bad-1", "2026-01-01T00:04:00Z", "Failed", null),
            Jobs.finished("bad-2", "2026-01-01T00:05:00Z", "Failed", null),
            Jobs.running("run-1", "2026-01-01T00:00:00Z"));

    private static List<String> names(List<Job> jobs) {
        return jobs.stream().map(j -> j.getMetadata().getName()).toList();
    }

    @Test
    void theOldestFinishedJobsBeyondEachLimitGo() {
        assertEquals(List.of("ok-1", "bad-1"), names(JobHistory.beyondLimits(JOBS, Optional.of(2), Optional.of(1))));
        assertEquals(List.of("ok-1", "ok-2", "ok-3", "bad-1", "bad-2"),
                names(JobHistory.beyondLimits(JOBS, Optional.of(0), Optional.of(0))));
        assertEquals(List.of(), names(JobHistory.beyondLimits(JOBS, Optional.of(3), Optional.of(5))));
    }

    @Test
    void anAbsentLimitKeepsEveryJobAndRunningJobsAlwaysStay() {
        assertEquals(List.of("bad-1", "bad-2"), names(JobHistory.beyondLimits(JOBS, Optional.empty(), Optional.of(0))));
    }

    @Test
    void aJobFinishesWithATrueCompleteOrFailedCondition() {
        assertEquals(Optional.of(JobHistory.Finish.COMPLETE), JobHistory.finish(JOBS.get(0)));
        assertEquals(Optional.of(JobHistory.Finish.FAILED), JobHistory.finish(JOBS.get(3)));
        assertEquals(Optional.empty(), JobHistory.finish(JOBS.get(5)));
        Job suspended = new JobBuilder(JOBS.get(5)).editStatus().addNewCondition().withType("Suspended").withStatus("True")
                .endCondition().endStatus().build();
        assertEquals(Optional.empty(), JobHistory.finish(suspended));
        Job notYet = new JobBuilder(JOBS.get(5)).editStatus().addNewCondition().withType("Complete").withStatus("False")
                .endCondition().endStatus().build();
        assertEquals(Optional.empty(), JobHistory.finish(notYet));
    }
}
