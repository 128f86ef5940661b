package dev.orchestrator.kubelet.internal.eviction;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Comparator;

/**
 * The order in which Kubernetes' kubelet evicts pods to reclaim a resource, first to be evicted
 * first: pods using more than they requested before pods within their requests, then lower
 * priority before higher, then the larger use above the request before the smaller. Thus a
 * BestEffort pod (no request) that uses anything goes before a Guaranteed pod within its request,
 * whatever their sizes. Process ids have no per-pod figure here: pods are ordered by priority,
 * then by memory use.
 */
public final class EvictionRanking {

    /** The priority of system-critical pods (system-node-critical is above it): never evicted. */
    public static final int SYSTEM_CRITICAL_PRIORITY = 2_000_000_000;

    private EvictionRanking() {
    }

    /** The request a pod's use of this signal's resource is compared with (0 for inodes and pids). */
    public static long request(Pod pod, Signal signal) {
        return switch (signal) {
            case MEMORY_AVAILABLE -> Amounts.podRequest(pod, "memory");
            case NODEFS_AVAILABLE, IMAGEFS_AVAILABLE -> Amounts.podRequest(pod, "ephemeral-storage");
            default -> 0;
        };
    }

    public static Comparator<PodConsumption> of(Signal signal) {
        Comparator<PodConsumption> exceeds = Comparator.comparing(c -> c.total() <= request(c.pod(), signal));
        Comparator<PodConsumption> priority = Comparator.comparingInt(c -> priority(c.pod()));
        Comparator<PodConsumption> aboveRequest = Comparator.comparingLong(
                (PodConsumption c) -> c.total() - request(c.pod(), signal)).reversed();
        return exceeds.thenComparing(priority).thenComparing(aboveRequest);
    }

    public static int priority(Pod pod) {
        Integer p = pod.getSpec().getPriority();
        return p == null ? 0 : p;
    }

    /**
     * Pods the kubelet never evicts: static and mirror pods (annotated by their source) and those
     * of system-critical priority, as in Kubernetes.
     */
    public static boolean isCritical(Pod pod) {
        var annotations = pod.getMetadata().getAnnotations();
        if (annotations != null) {
            String source = annotations.get("kubernetes.io/config.source");
            if (source != null && !source.equals("api") || annotations.containsKey("kubernetes.io/config.mirror")) {
                return true;
            }
        }
        return priority(pod) >= SYSTEM_CRITICAL_PRIORITY;
    }
}
