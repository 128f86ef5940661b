package dev.orchestrator.controllers.internal.daemonset;

import dev.orchestrator.controllers.internal.IntOrPercent;
import dev.orchestrator.controllers.internal.pods.PodStates;
import dev.orchestrator.controllers.internal.revisions.TemplateRevisions;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What a DaemonSet needs done, decided from its nodes and pods alone: the nodes that need a pod, and the pods to
 * remove (failed ones, ones on nodes they no longer fit, duplicates, and those a rolling update replaces). A
 * rolling update takes nodes down at most {@code maxUnavailable} at a time, or with {@code maxSurge} starts the new
 * pod beside the old one and removes the old one once the new one is available.
 *
 * @param createOn the nodes to create a pod of the update revision on
 * @param delete the pods to delete
 * @param failed the failed pods among {@code delete} (reported as such)
 */
record DaemonSetPlan(List<String> createOn, List<Pod> delete, List<Pod> failed) {

    /** A node's fit and the DaemonSet's pods there that are not being deleted. */
    record NodePods(String node, NodeFit.Verdict fit, List<Pod> pods) {
    }

    private static final Comparator<Pod> OLDEST_FIRST = Comparator.comparing((Pod p) ->
            p.getMetadata().getCreationTimestamp() == null ? "" : p.getMetadata().getCreationTimestamp())
            .thenComparing(p -> p.getMetadata().getName());

    static DaemonSetPlan of(DaemonSet ds, List<NodePods> nodes, String updateHash, Instant now) {
        List<String> createOn = new ArrayList<>();
        List<Pod> delete = new ArrayList<>();
        List<Pod> failed = new ArrayList<>();
        int minReady = minReadySeconds(ds);
        List<NodePods> outdated = new ArrayList<>();
        for (NodePods node : nodes) {
            List<Pod> running = new ArrayList<>();
            for (Pod pod : node.pods()) {
                if (PodStates.active(pod)) {
                    running.add(pod);
                } else {
                    failed.add(pod); // a daemon pod restarts always: a finished one failed, and is made again
                }
            }
            running.sort(OLDEST_FIRST);
            switch (node.fit()) {
                case NONE -> delete.addAll(running);
                case KEEP_ONLY -> delete.addAll(running.subList(Math.min(1, running.size()), running.size()));
                case RUN -> {
                    List<Pod> updated = running.stream().filter(p -> updateHash.equals(hash(p))).toList();
                    List<Pod> old = running.stream().filter(p -> !updateHash.equals(hash(p))).toList();
                    delete.addAll(updated.subList(Math.min(1, updated.size()), updated.size()));
                    if (updated.isEmpty() && old.isEmpty()) {
                        createOn.add(node.node());
                    } else if (!updated.isEmpty() && !old.isEmpty()) {
                        // the surge pod is up: the old one goes; a new pod that is not available yet waits for it
                        if (PodStates.available(updated.get(0), minReady, now)) {
                            delete.addAll(old);
                        }
                    } else if (!old.isEmpty()) {
                        delete.addAll(old.subList(1, old.size()));
                        outdated.add(new NodePods(node.node(), node.fit(), List.of(old.get(0))));
                    }
                }
            }
        }
        delete.addAll(failed);
        if (rollingUpdate(ds)) {
            rollOut(ds, nodes, outdated, minReady, now, createOn, delete);
        }
        return new DaemonSetPlan(createOn, delete, failed);
    }

    /** Replaces the old pods of {@code outdated} nodes within the strategy's bounds. */
    private static void rollOut(DaemonSet ds, List<NodePods> nodes, List<NodePods> outdated, int minReady, Instant now,
                                List<String> createOn, List<Pod> delete) {
        int desired = (int) nodes.stream().filter(n -> n.fit() == NodeFit.Verdict.RUN).count();
        var rolling = ds.getSpec().getUpdateStrategy().getRollingUpdate();
        int maxSurge = rolling == null ? 0 : IntOrPercent.scaled(rolling.getMaxSurge(), desired, true);
        int maxUnavailable = rolling == null ? 1 : IntOrPercent.scaled(rolling.getMaxUnavailable(), desired, true);
        if (maxSurge == 0 && maxUnavailable == 0) {
            maxUnavailable = 1;
        }
        if (maxSurge > 0) {
            int surging = (int) nodes.stream().filter(n -> n.fit() == NodeFit.Verdict.RUN && n.pods().stream()
                    .filter(PodStates::active).map(DaemonSetPlan::hash).distinct().count() > 1).count();
            for (NodePods node : outdated) {
                Pod old = node.pods().get(0);
                if (!PodStates.available(old, minReady, now)) {
                    delete.add(old); // nothing to keep available: replaced at once
                } else if (surging < maxSurge) {
                    createOn.add(node.node());
                    surging++;
                }
            }
            return;
        }
        int unavailable = 0;
        for (NodePods node : nodes) {
            if (node.fit() == NodeFit.Verdict.RUN && node.pods().stream().noneMatch(p -> PodStates.active(p)
                    && PodStates.available(p, minReady, now))) {
                unavailable++;
            }
        }
        for (NodePods node : outdated) {
            Pod old = node.pods().get(0);
            if (!PodStates.available(old, minReady, now)) {
                delete.add(old); // already unavailable: replacing it costs no availability
            } else if (unavailable < maxUnavailable) {
                delete.add(old);
                unavailable++;
            }
        }
    }

    static String hash(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels == null ? "" : labels.getOrDefault(TemplateRevisions.HASH_LABEL, "");
    }

    static int minReadySeconds(DaemonSet ds) {
        return ds.getSpec().getMinReadySeconds() == null ? 0 : ds.getSpec().getMinReadySeconds();
    }

    private static boolean rollingUpdate(DaemonSet ds) {
        var strategy = ds.getSpec().getUpdateStrategy();
        return strategy == null || strategy.getType() == null || "RollingUpdate".equals(strategy.getType());
    }
}
