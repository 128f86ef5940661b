package dev.orchestrator.controllers.internal.job;

import dev.orchestrator.controllers.internal.ownership.OwnerReferences;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.Map;

/** Test objects: Jobs as the API server stores them (defaults filled in) and their pods. */
final class Jobs {

    static final String CREATED = "2026-01-01T00:00:00Z";

    private Jobs() {
    }

    static JobBuilder job(Integer completions, int parallelism) {
        return new JobBuilder()
                .withApiVersion("batch/v1").withKind("Job")
                .withNewMetadata().withNamespace("default").withName("pi").withUid("job-uid").endMetadata()
                .withNewSpec().withCompletions(completions).withParallelism(parallelism).withBackoffLimit(6)
                    .withCompletionMode("NonIndexed").withSuspend(false)
                    .withNewSelector().withMatchLabels(Map.of(JobPods.CONTROLLER_UID, "job-uid")).endSelector()
                    .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "pi")).endMetadata()
                        .withNewSpec().withRestartPolicy("Never").withSubdomain("workers")
                            .addNewContainer().withName("main").withImage("busybox:1").endContainer()
                        .endSpec()
                    .endTemplate()
                .endSpec();
    }

    static Job indexed(int completions, int parallelism) {
        return job(completions, parallelism).editSpec().withCompletionMode("Indexed").endSpec().build();
    }

    /** A pod of the Job in {@code phase}; {@code index} null for NonIndexed pods. */
    static Pod pod(Job job, String name, String phase, Integer index) {
        PodBuilder b = new PodBuilder()
                .withNewMetadata().withNamespace("default").withName(name).withUid("uid-" + name)
                    .withLabels(Map.of(JobPods.CONTROLLER_UID, "job-uid")).withCreationTimestamp(CREATED)
                    .withOwnerReferences(OwnerReferences.controllerRef(job))
                .endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus().withPhase(phase).endStatus();
        if (index != null) {
            b.editMetadata().withAnnotations(Map.of(JobPods.COMPLETION_INDEX, index.toString())).endMetadata();
        }
        return b.build();
    }

    /** A finished pod whose container ended with {@code exitCode} at {@code finishedAt}. */
    static Pod finished(Job job, String name, String phase, int exitCode, String finishedAt) {
        return new PodBuilder(pod(job, name, phase, null)).editStatus()
                .addNewContainerStatus().withName("main").withNewState().withNewTerminated().withExitCode(exitCode)
                    .withFinishedAt(finishedAt).endTerminated().endState().endContainerStatus()
                .endStatus().build();
    }
}
