package dev.orchestrator.scheduler.internal;

import dev.orchestrator.api.scheduler.PodInfo;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.Objects;

/**
 * Turns what the informers see into queue and cache changes. Pods without a node that name this
 * profile's scheduler are queued; bound pods are accounted on their node; finished or deleted
 * pods free their node, which (like any node change) gives unschedulable pods another chance.
 */
final class ClusterEvents {

    private final String schedulerName;
    private final SchedulingQueue queue;
    private final NodeCache cache;

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
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            queue.delete(key);
            if (cache.removePod(key)) {
                queue.moveAllToActiveOrBackoff();
            }
        } else if (node != null && !node.isEmpty()) {
            queue.delete(key);
            cache.putBoundPod(PodInfo.of(pod), node);
        } else if (responsible(pod)) {
            if (!cache.isAssumed(key)) {
                queue.add(PodInfo.of(pod));
            }
        } else {
            queue.delete(key);
        }
    }

    void podDeleted(Pod pod) {
        String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        queue.delete(key);
        if (cache.removePod(key)) {
            queue.moveAllToActiveOrBackoff();
        }
    }

    /** Ours, not being deleted, and not held back by scheduling gates (queued once the gates are removed). */
    private boolean responsible(Pod pod) {
        String name = pod.getSpec() == null ? null : pod.getSpec().getSchedulerName();
        String wanted = name == null || name.isEmpty() ? "default-scheduler" : name;
        return wanted.equals(schedulerName) && pod.getMetadata().getDeletionTimestamp() == null
                && (pod.getSpec().getSchedulingGates() == null || pod.getSpec().getSchedulingGates().isEmpty());
    }

    /** Node changes that can let a pod fit: labels, taints, schedulability, allocatable. */
    private static boolean mayFitMore(Node old, Node node) {
        return !Objects.equals(old.getMetadata().getLabels(), node.getMetadata().getLabels())
                || !Objects.equals(old.getSpec(), node.getSpec())
                || !Objects.equals(old.getStatus() == null ? null : old.getStatus().getAllocatable(),
                        node.getStatus() == null ? null : node.getStatus().getAllocatable());
    }
}
