package dev.orchestrator.controllers.internal.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class JobPodsTest {

    @Test
    void aNonIndexedPodCarriesTheJobsLabelsAndControllerReference() {
        Job job = Jobs.job(3, 1).build();
        Pod pod = JobPods.newPod(job, OptionalInt.empty());
        assertEquals("pi-", pod.getMetadata().getGenerateName());
        assertEquals("job-uid", pod.getMetadata().getLabels().get("batch.kubernetes.io/controller-uid"));
        assertEquals("pi", pod.getMetadata().getLabels().get("batch.kubernetes.io/job-name"));
        assertEquals("job-uid", pod.getMetadata().getLabels().get("controller-uid"));
        assertEquals("pi", pod.getMetadata().getLabels().get("job-name"));
        assertEquals("pi", pod.getMetadata().getLabels().get("app"));
        assertEquals("Job", pod.getMetadata().getOwnerReferences().get(0).getKind());
        assertTrue(pod.getMetadata().getOwnerReferences().get(0).getController());
        assertNull(pod.getSpec().getHostname());
        assertTrue(pod.getSpec().getContainers().get(0).getEnv().isEmpty());
    }

    @Test
    void anIndexedPodCarriesItsIndexEverywhereAndLeavesTheTemplateAlone() {
        Job job = Jobs.indexed(3, 3);
        Pod pod = JobPods.newPod(job, OptionalInt.of(2));
        assertEquals("pi-2-", pod.getMetadata().getGenerateName());
        assertEquals("2", pod.getMetadata().getAnnotations().get(JobPods.COMPLETION_INDEX));
        assertEquals("2", pod.getMetadata().getLabels().get(JobPods.COMPLETION_INDEX));
        assertEquals("pi-2", pod.getSpec().getHostname());
        assertEquals("workers", pod.getSpec().getSubdomain());
        assertEquals("JOB_COMPLETION_INDEX", pod.getSpec().getContainers().get(0).getEnv().get(0).getName());
        assertEquals("2", pod.getSpec().getContainers().get(0).getEnv().get(0).getValue());
        assertEquals(OptionalInt.of(2), JobPods.indexOf(pod));
        assertTrue(job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().isEmpty(), "template unchanged");
        assertNull(job.getSpec().getTemplate().getSpec().getHostname());
    }
}
