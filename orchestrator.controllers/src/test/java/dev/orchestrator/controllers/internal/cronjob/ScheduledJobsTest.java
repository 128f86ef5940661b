package dev.orchestrator.controllers.internal.cronjob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScheduledJobsTest {

    static CronJob cronJob() {
        return new CronJobBuilder().withApiVersion("batch/v1").withKind("CronJob")
                .withNewMetadata().withName("backup").withNamespace("ops").withUid("cj-uid").endMetadata()
                .withNewSpec().withSchedule("*/1 * * * *")
                    .withNewJobTemplate().withNewMetadata().withLabels(Map.of("app", "backup"))
                        .withAnnotations(Map.of("team", "ops")).endMetadata()
                        .withNewSpec().withBackoffLimit(2).withNewTemplate().withNewSpec().withRestartPolicy("OnFailure")
                        .addNewContainer().withName("c").withImage("busybox:1").endContainer().endSpec().endTemplate()
                        .endSpec()
                    .endJobTemplate()
                .endSpec().build();
    }

    @Test
    void aRunsNameIsItsMinuteSinceTheEpochWhateverTheZone() {
        ZonedDateTime utc = ZonedDateTime.parse("2026-01-01T00:01:00Z");
        assertEquals("backup-29453761", ScheduledJobs.name("backup", utc));
        assertEquals("backup-29453761", ScheduledJobs.name("backup", utc.withZoneSameInstant(ZoneId.of("Asia/Tokyo"))));
        assertEquals("backup-29453762", ScheduledJobs.name("backup", utc.plusMinutes(1)));
    }

    @Test
    void aJobCarriesTheTemplateTheScheduledTimeAndTheControllerReference() {
        ZonedDateTime due = ZonedDateTime.of(2026, 1, 1, 9, 0, 0, 0, ZoneId.of("Asia/Tokyo"));
        Job job = ScheduledJobs.fromTemplate(cronJob(), due);
        assertEquals("backup-" + due.toEpochSecond() / 60, job.getMetadata().getName());
        assertEquals("ops", job.getMetadata().getNamespace());
        assertEquals(Map.of("app", "backup"), job.getMetadata().getLabels());
        assertEquals("2026-01-01T09:00:00+09:00", job.getMetadata().getAnnotations().get(ScheduledJobs.SCHEDULED_TIMESTAMP));
        assertEquals("ops", job.getMetadata().getAnnotations().get("team"));
        var ref = job.getMetadata().getOwnerReferences().get(0);
        assertEquals("CronJob", ref.getKind());
        assertEquals("cj-uid", ref.getUid());
        assertTrue(ref.getController());
        assertEquals(2, job.getSpec().getBackoffLimit());
        assertTrue(ScheduledJobs.scheduled(job));
        assertEquals("2026-01-01T00:00:00Z", ScheduledJobs.fromTemplate(cronJob(), due.withZoneSameInstant(ZoneId.of("UTC")))
                .getMetadata().getAnnotations().get(ScheduledJobs.SCHEDULED_TIMESTAMP));
    }

    @Test
    void aJobMadeByHandIsNotAScheduledOne() {
        assertFalse(ScheduledJobs.scheduled(new JobBuilder().withNewMetadata().withName("manual")
                .addToAnnotations("cronjob.kubernetes.io/instantiate", "manual").endMetadata().build()));
    }
}
