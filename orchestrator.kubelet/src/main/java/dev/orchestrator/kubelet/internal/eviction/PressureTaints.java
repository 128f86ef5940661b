package dev.orchestrator.kubelet.internal.eviction;

import io.fabric8.kubernetes.api.model.Taint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The NoSchedule taints that follow the pressure conditions ({@code node.kubernetes.io/memory-pressure},
 * {@code disk-pressure}, {@code pid-pressure}), which the scheduler's TaintToleration filter reads. In
 * Kubernetes the node lifecycle controller sets them from the conditions; here the kubelet does, for
 * its own node, leaving every other taint as it is.
 */
public final class PressureTaints {

    /** Condition → taint key. */
    public static final Map<String, String> KEYS;

    static {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put(NodePressure.MEMORY, PressureAdmission.MEMORY_PRESSURE_TAINT);
        keys.put(NodePressure.DISK, "node.kubernetes.io/disk-pressure");
        keys.put(NodePressure.PID, "node.kubernetes.io/pid-pressure");
        KEYS = java.util.Collections.unmodifiableMap(keys);
    }

    private PressureTaints() {
    }

    /** The node's taints with the pressure taints matching the conditions; empty when they already do. */
    public static Optional<List<Taint>> reconcile(List<Taint> current, NodePressure pressure) {
        List<Taint> wanted = new ArrayList<>();
        for (Taint t : current) {
            boolean pressureTaint = KEYS.containsValue(t.getKey()) && "NoSchedule".equals(t.getEffect());
            if (!pressureTaint || pressure.has(conditionOf(t.getKey()))) {
                wanted.add(t);
            }
        }
        KEYS.forEach((condition, key) -> {
            if (pressure.has(condition) && wanted.stream().noneMatch(t -> key.equals(t.getKey())
                    && "NoSchedule".equals(t.getEffect()))) {
                Taint taint = new Taint();
                taint.setKey(key);
                taint.setEffect("NoSchedule");
                wanted.add(taint);
            }
        });
        return wanted.equals(current) ? Optional.empty() : Optional.of(wanted);
    }

    private static String conditionOf(String key) {
        return KEYS.entrySet().stream().filter(e -> e.getValue().equals(key)).map(Map.Entry::getKey).findFirst()
                .orElseThrow();
    }
}
