package dev.orchestrator.controllers.internal.statefulset;

import dev.orchestrator.controllers.internal.ownership.OwnerReferences;
import dev.orchestrator.controllers.internal.pods.PodStates;
import dev.orchestrator.controllers.internal.revisions.TemplateRevisions;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The identity of a StatefulSet's pods: the pod of ordinal {@code n} is named {@code <set>-<n>}, carries the labels
 * {@code statefulset.kubernetes.io/pod-name}, {@code apps.kubernetes.io/pod-index} and
 * {@code controller-revision-hash} (the name of the revision it was made from), and has its own name as hostname
 * under the set's governing service as subdomain, so that its DNS name stays the same across recreations.
 */
final class StatefulPods {

    static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
    static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";
    static final String REVISION_LABEL = TemplateRevisions.HASH_LABEL;

    private StatefulPods() {
    }

    static String name(StatefulSet sts, int ordinal) {
        return sts.getMetadata().getName() + "-" + ordinal;
    }

    /**
     * The ordinal a pod's name gives it within the set; empty when the name is not {@code <set>-<n>} with {@code n}
     * written as the controller writes it (no sign, no leading zeros), which makes the pod no member of the set.
     */
    static OptionalInt ordinalOf(StatefulSet sts, Pod pod) {
        String prefix = sts.getMetadata().getName() + "-";
        String name = pod.getMetadata().getName();
        if (name == null || !name.startsWith(prefix)) {
            return OptionalInt.empty();
        }
        String digits = name.substring(prefix.length());
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)
                || (digits.length() > 1 && digits.charAt(0) == '0')) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(digits));
    }

    static boolean member(StatefulSet sts, Pod pod) {
        return ordinalOf(sts, pod).isPresent();
    }

    /** The revision name a pod carries; empty when it has none. */
    static String revisionOf(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        String revision = labels == null ? null : labels.get(REVISION_LABEL);
        return revision == null ? "" : revision;
    }

    static boolean terminating(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    static boolean failed(Pod pod) {
        return "Failed".equals(phase(pod));
    }

    static boolean succeeded(Pod pod) {
        return "Succeeded".equals(phase(pod));
    }

    static boolean runningAndReady(Pod pod) {
        return "Running".equals(phase(pod)) && PodStates.ready(pod);
    }

    /** Running, ready for {@code minReadySeconds} and not being deleted: a pod the set may build on. */
    static boolean healthy(Pod pod, int minReadySeconds, Instant now) {
        return !terminating(pod) && runningAndReady(pod) && PodStates.available(pod, minReadySeconds, now);
    }

    private static String phase(Pod pod) {
        return pod.getStatus() == null ? null : pod.getStatus().getPhase();
    }

    /**
     * The pod of {@code ordinal}, made from {@code template} (the template of revision {@code revision}).
     * Copies what it takes from the template, so the cached objects are never changed.
     */
    static Pod build(StatefulSet sts, int ordinal, PodTemplateSpec template, String revision) {
        String name = name(sts, ordinal);
        var meta = template.getMetadata();
        Map<String, String> labels = copy(meta == null ? null : meta.getLabels());
        labels.put(POD_NAME_LABEL, name);
        labels.put(POD_INDEX_LABEL, Integer.toString(ordinal));
        labels.put(REVISION_LABEL, revision);
        PodSpecBuilder spec = template.getSpec() == null ? new PodSpecBuilder()
                : new PodSpecBuilder(template.getSpec());
        spec.withHostname(name);
        if (!sts.getSpec().getVolumeClaimTemplates().isEmpty()) {
            spec.withVolumes(StatefulClaims.volumes(sts, template.getSpec() == null ? new PodSpec()
                    : template.getSpec(), ordinal));
        }
        String service = sts.getSpec().getServiceName();
        if (service != null && !service.isEmpty()) {
            spec.withSubdomain(service);
        }
        PodSpec podSpec = spec.build();
        return new PodBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withNamespace(sts.getMetadata().getNamespace())
                    .withLabels(labels)
                    .withAnnotations(copy(meta == null ? null : meta.getAnnotations()))
                    .withFinalizers(meta == null || meta.getFinalizers() == null ? List.of()
                            : List.copyOf(meta.getFinalizers()))
                    .withOwnerReferences(OwnerReferences.controllerRef(sts))
                .endMetadata()
                .withSpec(podSpec)
                .build();
    }

    private static Map<String, String> copy(Map<String, String> map) {
        return map == null ? new LinkedHashMap<>() : new LinkedHashMap<>(map);
    }
}
