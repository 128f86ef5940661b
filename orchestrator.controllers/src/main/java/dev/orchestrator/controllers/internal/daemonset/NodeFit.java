package dev.orchestrator.controllers.internal.daemonset;

import dev.orchestrator.support.selector.Selectors;
import dev.orchestrator.support.taints.Tolerations;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether a daemon pod belongs on a node, as Kubernetes decides it: the node must match the template's node selector
 * and required node affinity; a new pod also needs every NoSchedule and NoExecute taint tolerated, while a running
 * one is removed only for a NoExecute taint it does not tolerate. Daemon pods tolerate the node conditions a daemon
 * is usually there to handle (not ready, unreachable, pressure, cordoned), so those never keep them away.
 */
final class NodeFit {

    /** What the node offers a daemon pod. */
    enum Verdict {
        /** A pod should run there. */
        RUN,
        /** No new pod, but one that runs may stay (an untolerated NoSchedule taint). */
        KEEP_ONLY,
        /** No pod belongs there. */
        NONE
    }

    private NodeFit() {
    }

    static Verdict of(PodSpec template, Node node) {
        if (!matchesSelectorAndAffinity(template, node)) {
            return Verdict.NONE;
        }
        List<Taint> taints = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of()
                : node.getSpec().getTaints();
        List<Toleration> tolerations = tolerations(template);
        if (Tolerations.untolerated(taints, tolerations, "NoExecute").isPresent()) {
            return Verdict.NONE;
        }
        return Tolerations.untolerated(taints, tolerations, "NoSchedule").isPresent() ? Verdict.KEEP_ONLY : Verdict.RUN;
    }

    /** The template's tolerations and the ones every daemon pod gets. */
    static List<Toleration> tolerations(PodSpec template) {
        List<Toleration> all = new ArrayList<>(template.getTolerations() == null ? List.of() : template.getTolerations());
        for (Toleration t : DaemonPods.defaultTolerations(Boolean.TRUE.equals(template.getHostNetwork()))) {
            if (all.stream().noneMatch(t::equals)) {
                all.add(t);
            }
        }
        return all;
    }

    private static boolean matchesSelectorAndAffinity(PodSpec template, Node node) {
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        Map<String, String> selector = template.getNodeSelector();
        if (selector != null && selector.entrySet().stream().anyMatch(e -> !e.getValue().equals(labels.get(e.getKey())))) {
            return false;
        }
        var affinity = template.getAffinity();
        if (affinity == null || affinity.getNodeAffinity() == null
                || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return true;
        }
        return Selectors.matchesAnyTerm(affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms(), labels, node.getMetadata().getName());
    }
}
