package dev.orchestrator.controllers.internal.cronjob;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;

/** Jobs in the states the CronJob controller tells apart. */
final class Jobs {

    private Jobs() {
    }

    static Job running(String name, String started) {
        return new JobBuilder().withNewMetadata().withName(name).withNamespace("ops").withUid(name + "-uid")
                .addToAnnotations(ScheduledJobs.SCHEDULED_TIMESTAMP, started).endMetadata()
                .withNewStatus().withStartTime(started).endStatus().build();
    }

    static Job finished(String name, String started, String condition, String completed) {
        return new JobBuilder(running(name, started)).editStatus().addNewCondition().withType(condition).withStatus("True")
                .endCondition().withCompletionTime(condition.equals("Complete") ? completed : null).endStatus().build();
    }
}
