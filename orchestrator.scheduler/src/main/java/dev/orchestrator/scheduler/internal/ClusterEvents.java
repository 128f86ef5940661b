package dev.orchestrator.scheduler.internal;

import dev.orchestrator.api.scheduler.PodInfo;
import dev.orchestrator.support.scheduling.PodInfos;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns what the informers see into queue and cache changes. Pods without a node that name this
 * profile's scheduler are queued; bound pods are accounted on their node; finished or deleted
 * pods free their node, which (like any node change) gives unschedulable pods another chance.
 */
final class ClusterEvents {

    private final String schedulerName;
    private final SchedulingQueue queue;
    private final NodeCache cache;
    /** Keys of this profile's unbound pods held back by scheduling gates (kube-scheduler's "gated" queue). */
    private final Set<String> gated = ConcurrentHashMap.newKeySet();

    ClusterEvents(String schedulerName, SchedulingQueue queue, NodeCache cache) {
        this.schedulerName = schedulerName;
        this.queue = queue;
        this.cache = cache;
    }

    ResourceEventHandler<Pod> pods() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                podChanged(pod);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                podChanged(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                podDeleted(pod);
            }
        };
    }

    ResourceEventHandler<Node> nodes() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                cache.putNode(node);
                queue.moveAllToActiveOrBackoff();
            }

            @Override
            public void onUpdate(Node old, Node node) {
                cache.putNode(node);
                if (mayFitMore(old, node)) {
                    queue.moveAllToActiveOrBackoff();
                }
            }

            @Override
            public void onDelete(Node node, boolean finalStateUnknown) {
                cache.removeNode(node.getMetadata().getName());
            }
        };
    }

    void podChanged(Pod pod) {
        String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        boolean unbound = node == null || node.isEmpty();
        if (unbound && !"Succeeded".equals(phase) && !"Failed".equals(phase) && ours(pod) && hasGates(pod)) {
            gated.add(key);
        } else {
            gated.remove(key);
        }
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            queue.delete(key);
            if (cache.removePod(key)) {
                queue.moveAllToActiveOrBackoff();
            }
        } else if (node != null && !node.isEmpty()) {
            queue.delete(key);
            cache.putBoundPod(PodInfos.of(pod), node);
        } else if (responsible(pod)) {
            if (!cache.isAssumed(key)) {
                queue.add(PodInfos.of(pod));
            }
        } else {
            queue.delete(key);
        }
    }

    void podDeleted(Pod pod) {
        String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        gated.remove(key);
        queue.delete(key);
        if (cache.removePod(key)) {
            queue.moveAllToActiveOrBackoff();
        }
    }

    /** The unbound pods of this profile that scheduling gates hold back now. */
    int gatedCount() {
        return gated.size();
    }

    /** Ours, not being deleted, and not held back by scheduling gates (queued once the gates are removed). */
    private boolean responsible(Pod pod) {
        return ours(pod) && !hasGates(pod);
    }

    /** This profile's (by scheduler name) and not being deleted. */
    private boolean ours(Pod pod) {
        String name = pod.getSpec() == null ? null : pod.getSpec().getSchedulerName();
        String wanted = name == null || name.isEmpty() ? "default-scheduler" : name;
        return wanted.equals(schedulerName) && pod.getMetadata().getDeletionTimestamp() == null;
    }

    private static boolean hasGates(Pod pod) {
        return pod.getSpec() != null && pod.getSpec().getSchedulingGates() != null
                && !pod.getSpec().getSchedulingGates().isEmpty();
    }

    /** Node changes that can let a pod fit: labels, taints, schedulability, allocatable. */
    private static boolean mayFitMore(Node old, Node node) {
        return !Objects.equals(old.getMetadata().getLabels(), node.getMetadata().getLabels())
                || !Objects.equals(old.getSpec(), node.getSpec())
                || !Objects.equals(old.getStatus() == null ? null : old.getStatus().getAllocatable(),
                        node.getStatus() == null ? null : node.getStatus().getAllocatable());
    }
}
