package dev.orchestrator.controllers.internal.cronjob;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ActiveJobsTest {

    private static final Job RUNNING = Jobs.running("a-1", "2026-01-01T00:01:00Z");
    private static final Job DONE = Jobs.finished("a-2", "2026-01-01T00:02:00Z", "Complete", "2026-01-01T00:02:30Z");
    private static final Job FAILED = Jobs.finished("a-3", "2026-01-01T00:03:00Z", "Failed", null);

    private static ObjectReference ref(Job job) {
        return ScheduledJobs.reference(job);
    }

    private static List<String> names(List<ObjectReference> refs) {
        return refs.stream().map(ObjectReference::getName).toList();
    }

    @Test
    void finishedJobsLeaveTheListAndTheLatestSuccessIsKept() {
        ActiveJobs.Outcome o = ActiveJobs.sync(List.of(ref(RUNNING), ref(DONE), ref(FAILED)), Optional.empty(),
                List.of(RUNNING, DONE, FAILED), r -> true);
        assertEquals(List.of("a-1"), names(o.active()));
        assertEquals(Optional.of(Instant.parse("2026-01-01T00:02:30Z")), o.lastSuccessfulTime());
        assertEquals(List.of("SawCompletedJob", "SawCompletedJob"), o.notes().stream().map(ActiveJobs.Note::reason).toList());
        assertEquals("Saw completed job: a-3, condition: Failed", o.notes().get(1).message());
    }

    @Test
    void aListedJobTheCacheLacksStaysUnlessTheServerHasNoneEither() {
        ActiveJobs.Outcome young = ActiveJobs.sync(List.of(ref(RUNNING)), Optional.empty(), List.of(), r -> true);
        assertEquals(List.of("a-1"), names(young.active()));
        ActiveJobs.Outcome gone = ActiveJobs.sync(List.of(ref(RUNNING)), Optional.empty(), List.of(), r -> false);
        assertEquals(List.of(), gone.active());
        assertEquals("MissingJob", gone.notes().get(0).reason());
        assertEquals(true, gone.notes().get(0).warning());
    }

    @Test
    void anUnlistedScheduledJobJoinsButAHandMadeOneDoesNot() {
        Job manual = new JobBuilder().withNewMetadata().withName("by-hand").withUid("m").endMetadata().build();
        ActiveJobs.Outcome o = ActiveJobs.sync(List.of(), Optional.empty(), List.of(RUNNING, manual, DONE), r -> true);
        assertEquals(List.of("a-1"), names(o.active()));
    }

    @Test
    void anOlderCompletionDoesNotMoveTheLastSuccessBack() {
        Instant later = Instant.parse("2026-01-01T05:00:00Z");
        assertEquals(Optional.of(later), ActiveJobs.sync(List.of(), Optional.of(later), List.of(DONE), r -> true)
                .lastSuccessfulTime());
    }
}
