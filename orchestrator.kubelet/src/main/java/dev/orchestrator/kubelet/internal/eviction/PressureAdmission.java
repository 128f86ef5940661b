package dev.orchestrator.kubelet.internal.eviction;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Whether a node under pressure starts a new pod, by Kubernetes' kubelet rule (pods bound by
 * {@code nodeName} bypass the scheduler's taint check): under memory pressure alone only
 * BestEffort pods are refused, unless they tolerate the memory-pressure taint; under disk or PID
 * pressure every pod is; critical pods always start.
 */
public final class PressureAdmission {

    public static final String MEMORY_PRESSURE_TAINT = "node.kubernetes.io/memory-pressure";

    private PressureAdmission() {
    }

    /** Why the pod is refused ({@code The node had condition: [MemoryPressure]. }), if it is. */
    public static Optional<String> refusal(Pod pod, NodePressure pressure) {
        if (pressure.conditions().isEmpty() || EvictionRanking.isCritical(pod)) {
            return Optional.empty();
        }
        TreeSet<String> conditions = new TreeSet<>(pressure.conditions());
        boolean memoryOnly = conditions.size() == 1 && pressure.has(NodePressure.MEMORY);
        if (memoryOnly && (!isBestEffort(pod) || toleratesMemoryPressure(pod))) {
            return Optional.empty();
        }
        return Optional.of(EvictionMessages.nodeCondition(conditions));
    }

    /** No container asks for or is limited in CPU or memory (the API server's qosClass when it set one). */
    public static boolean isBestEffort(Pod pod) {
        if (pod.getStatus() != null && pod.getStatus().getQosClass() != null) {
            return "BestEffort".equals(pod.getStatus().getQosClass());
        }
        return Stream.concat(pod.getSpec().getInitContainers().stream(), pod.getSpec().getContainers().stream())
                .noneMatch(PressureAdmission::hasCpuOrMemory);
    }

    private static boolean hasCpuOrMemory(Container c) {
        return c.getResources() != null && Stream.of("cpu", "memory").anyMatch(r ->
                c.getResources().getRequests() != null && c.getResources().getRequests().containsKey(r)
                        || c.getResources().getLimits() != null && c.getResources().getLimits().containsKey(r));
    }

    private static boolean toleratesMemoryPressure(Pod pod) {
        return pod.getSpec().getTolerations().stream().anyMatch(PressureAdmission::tolerates);
    }

    private static boolean tolerates(Toleration t) {
        boolean effect = t.getEffect() == null || t.getEffect().isEmpty() || "NoSchedule".equals(t.getEffect());
        boolean exists = "Exists".equals(t.getOperator());
        String key = t.getKey() == null ? "" : t.getKey();
        if (key.isEmpty()) {
            return effect && exists;
        }
        String value = t.getValue() == null ? "" : t.getValue();
        return effect && key.equals(MEMORY_PRESSURE_TAINT) && (exists || value.isEmpty());
    }
}
