package dev.orchestrator.controllers.internal.job;

import dev.orchestrator.controllers.internal.ownership.OwnerReferences;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The pods of a Job as Kubernetes makes them: the template with a controller reference to the Job,
 * the labels that tie a pod to its Job ({@code batch.kubernetes.io/controller-uid},
 * {@code batch.kubernetes.io/job-name} and their legacy unprefixed forms), and for Indexed Jobs the
 * completion index as annotation, label, {@code JOB_COMPLETION_INDEX} variable and hostname.
 */
final class JobPods {

    static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
    static final String JOB_NAME = "batch.kubernetes.io/job-name";
    static final String LEGACY_CONTROLLER_UID = "controller-uid";
    static final String LEGACY_JOB_NAME = "job-name";
    static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";
    static final String COMPLETION_INDEX_ENV = "JOB_COMPLETION_INDEX";

    private JobPods() {
    }

    static boolean indexed(Job job) {
        return "Indexed".equals(job.getSpec().getCompletionMode());
    }

    /**
     * The Job's selector; the API server generates one from the uid unless {@code manualSelector},
     * and a Job stored before it did so gets the same generated one here, so its pods still match.
     */
    static LabelSelector selectorOf(Job job) {
        if (job.getSpec().getSelector() != null) {
            return job.getSpec().getSelector();
        }
        return new LabelSelectorBuilder().withMatchLabels(Map.of(CONTROLLER_UID, job.getMetadata().getUid())).build();
    }

    /** The completion index a pod carries; empty when it has none or it is not a number. */
    static OptionalInt indexOf(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(COMPLETION_INDEX);
        if (value == null) {
            return OptionalInt.empty();
        }
        try {
            int index = Integer.parseInt(value);
            return index < 0 ? OptionalInt.empty() : OptionalInt.of(index);
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** A new pod of the Job, for {@code index} when the Job is Indexed. */
    static Pod newPod(Job job, OptionalInt index) {
        var template = job.getSpec().getTemplate();
        var meta = template.getMetadata();
        String name = job.getMetadata().getName();
        Map<String, String> labels = copy(meta == null ? null : meta.getLabels());
        labels.put(CONTROLLER_UID, job.getMetadata().getUid());
        labels.put(JOB_NAME, name);
        labels.put(LEGACY_CONTROLLER_UID, job.getMetadata().getUid());
        labels.put(LEGACY_JOB_NAME, name);
        Map<String, String> annotations = copy(meta == null ? null : meta.getAnnotations());
        PodSpec spec = template.getSpec();
        String generateName = name + "-";
        if (index.isPresent()) {
            String value = Integer.toString(index.getAsInt());
            labels.put(COMPLETION_INDEX, value);
            annotations.put(COMPLETION_INDEX, value);
            spec = withIndex(spec, name + "-" + value, value);
            generateName = name + "-" + value + "-";
        }
        return new PodBuilder()
                .withNewMetadata()
                    .withGenerateName(generateName)
                    .withNamespace(job.getMetadata().getNamespace())
                    .withLabels(labels)
                    .withAnnotations(annotations)
                    .withFinalizers(meta == null ? List.of() : meta.getFinalizers())
                    .withOwnerReferences(OwnerReferences.controllerRef(job))
                .endMetadata()
                .withSpec(spec)
                .build();
    }

    /**
     * A copy of the template's spec (the template is the cache's and must not change) with the
     * index in every container's environment and as hostname, so that with the template's
     * subdomain (kept as it is) each index has a stable DNS name.
     */
    private static PodSpec withIndex(PodSpec template, String hostname, String index) {
        PodSpecBuilder spec = new PodSpecBuilder(template).withHostname(hostname);
        spec.withContainers(template.getContainers().stream().map(c -> withIndexEnv(c, index)).toList());
        spec.withInitContainers(template.getInitContainers().stream().map(c -> withIndexEnv(c, index)).toList());
        return spec.build();
    }

    private static Container withIndexEnv(Container container, String index) {
        ContainerBuilder copy = new ContainerBuilder(container);
        copy.removeMatchingFromEnv(e -> COMPLETION_INDEX_ENV.equals(e.getName()));
        return copy.addNewEnv().withName(COMPLETION_INDEX_ENV).withValue(index).endEnv().build();
    }

    private static Map<String, String> copy(Map<String, String> map) {
        return map == null ? new LinkedHashMap<>() : new LinkedHashMap<>(map);
    }
}
