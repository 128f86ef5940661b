package dev.orchestrator.controllers.internal.daemonset;

import dev.orchestrator.controllers.internal.ownership.OwnerReferences;
import dev.orchestrator.controllers.internal.revisions.TemplateRevisions;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelectorBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pod of a DaemonSet for one node: the template's, with the revision's hash as a label, the DaemonSet as its
 * controller, the daemon tolerations, and a required node affinity for that node alone, so that the scheduler (which
 * still checks resources and ports) can only bind it there.
 */
final class DaemonPods {

    /** Kubernetes' label with the DaemonSet's generation the pod was made at (deprecated there, still set). */
    static final String GENERATION_LABEL = "pod-template-generation";

    private DaemonPods() {
    }

    static Pod forNode(DaemonSet ds, PodTemplateSpec template, String hash, String node, KubernetesSerialization json) {
        PodSpec spec = json.clone(template.getSpec());
        spec.setAffinity(onlyOn(spec.getAffinity(), node));
        spec.setTolerations(NodeFit.tolerations(spec));
        var meta = template.getMetadata();
        Map<String, String> labels = new LinkedHashMap<>(meta == null || meta.getLabels() == null ? Map.of() : meta.getLabels());
        labels.put(TemplateRevisions.HASH_LABEL, hash);
        if (ds.getMetadata().getGeneration() != null) {
            labels.put(GENERATION_LABEL, String.valueOf(ds.getMetadata().getGeneration()));
        }
        return new PodBuilder()
                .withNewMetadata()
                    .withGenerateName(ds.getMetadata().getName() + "-")
                    .withNamespace(ds.getMetadata().getNamespace())
                    .withLabels(labels)
                    .withAnnotations(meta == null || meta.getAnnotations() == null ? Map.of()
                            : new LinkedHashMap<>(meta.getAnnotations()))
                    .withFinalizers(meta == null ? List.of() : meta.getFinalizers())
                    .withOwnerReferences(OwnerReferences.controllerRef(ds))
                .endMetadata()
                .withSpec(spec)
                .build();
    }

    /** The node a daemon pod was made for: the name its node affinity requires, else the node it is bound to. */
    static String nodeOf(Pod pod) {
        if (pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty()) {
            return pod.getSpec().getNodeName();
        }
        var affinity = pod.getSpec().getAffinity();
        if (affinity == null || affinity.getNodeAffinity() == null
                || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return "";
        }
        for (var term : affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms()) {
            for (var field : term.getMatchFields()) {
                if ("metadata.name".equals(field.getKey()) && "In".equals(field.getOperator())
                        && field.getValues().size() == 1) {
                    return field.getValues().get(0);
                }
            }
        }
        return "";
    }

    /** The template's affinity with its required node terms replaced by one that names the node (already checked). */
    private static Affinity onlyOn(Affinity affinity, String node) {
        Affinity result = affinity == null ? new Affinity() : affinity;
        NodeAffinity nodeAffinity = result.getNodeAffinity() == null ? new NodeAffinity() : result.getNodeAffinity();
        nodeAffinity.setRequiredDuringSchedulingIgnoredDuringExecution(new NodeSelectorBuilder().addNewNodeSelectorTerm()
                .withMatchFields(new NodeSelectorRequirementBuilder().withKey("metadata.name").withOperator("In")
                        .withValues(node).build())
                .endNodeSelectorTerm().build());
        result.setNodeAffinity(nodeAffinity);
        return result;
    }

    /**
     * The tolerations Kubernetes adds to every daemon pod: it keeps running on a node that is not ready, unreachable,
     * under pressure or cordoned; with host networking also on a node whose pod network is not up yet.
     */
    static List<Toleration> defaultTolerations(boolean hostNetwork) {
        List<Toleration> all = new ArrayList<>();
        all.add(exists("node.kubernetes.io/not-ready", "NoExecute"));
        all.add(exists("node.kubernetes.io/unreachable", "NoExecute"));
        all.add(exists("node.kubernetes.io/disk-pressure", "NoSchedule"));
        all.add(exists("node.kubernetes.io/memory-pressure", "NoSchedule"));
        all.add(exists("node.kubernetes.io/pid-pressure", "NoSchedule"));
        all.add(exists("node.kubernetes.io/unschedulable", "NoSchedule"));
        if (hostNetwork) {
            all.add(exists("node.kubernetes.io/network-unavailable", "NoSchedule"));
        }
        return all;
    }

    private static Toleration exists(String key, String effect) {
        return new TolerationBuilder().withKey(key).withOperator("Exists").withEffect(effect).build();
    }
}
