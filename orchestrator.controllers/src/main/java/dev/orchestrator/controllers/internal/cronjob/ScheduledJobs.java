package dev.orchestrator.controllers.internal.cronjob;

import dev.orchestrator.controllers.internal.ownership.OwnerReferences;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Jobs a CronJob creates: their deterministic names, their metadata and their references in status.active. */
final class ScheduledJobs {

    /** When the Job was due, in the schedule's zone (RFC 3339); it marks the Jobs the controller made. */
    static final String SCHEDULED_TIMESTAMP = "batch.kubernetes.io/cronjob-scheduled-timestamp";

    private ScheduledJobs() {
    }

    /**
     * {@code <cronjob>-<minutes since the epoch>}: the same run always gets the same name, so a retry
     * after a lost answer or a stale cache meets AlreadyExists instead of starting the run twice.
     */
    static String name(String cronJob, ZonedDateTime scheduled) {
        return cronJob + "-" + Math.floorDiv(scheduled.toEpochSecond(), 60);
    }

    /** A Job of the template: its labels and annotations, the scheduled time, the CronJob as controller. */
    static Job fromTemplate(CronJob cronJob, ZonedDateTime scheduled) {
        var template = cronJob.getSpec().getJobTemplate();
        ObjectMeta meta = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
        Map<String, String> annotations = copy(meta.getAnnotations());
        annotations.put(SCHEDULED_TIMESTAMP, scheduled.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        return new JobBuilder()
                .withNewMetadata()
                    .withName(name(cronJob.getMetadata().getName(), scheduled))
                    .withNamespace(cronJob.getMetadata().getNamespace())
                    .withLabels(copy(meta.getLabels()))
                    .withAnnotations(annotations)
                    .withOwnerReferences(OwnerReferences.controllerRef(cronJob))
                .endMetadata()
                .withSpec(template.getSpec())
                .build();
    }

    /** Whether the controller made this Job on a schedule (a Job made with kubectl create job --from is not). */
    static boolean scheduled(Job job) {
        Map<String, String> annotations = job.getMetadata().getAnnotations();
        return annotations != null && annotations.containsKey(SCHEDULED_TIMESTAMP);
    }

    static ObjectReference reference(Job job) {
        return new ObjectReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
                .withNamespace(job.getMetadata().getNamespace()).withName(job.getMetadata().getName())
                .withUid(job.getMetadata().getUid()) // no resourceVersion: each Job update would rewrite the list
                .build();
    }

    private static Map<String, String> copy(Map<String, String> map) {
        return map == null ? new LinkedHashMap<>() : new LinkedHashMap<>(map);
    }
}
