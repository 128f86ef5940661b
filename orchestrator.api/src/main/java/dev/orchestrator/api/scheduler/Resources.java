package dev.orchestrator.api.scheduler;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;

/**
 * Amounts of the resources the scheduler accounts for.
 *
 * @param milliCpu         CPU in thousandths of a core
 * @param memory           bytes
 * @param ephemeralStorage bytes
 * @param pods             pod slots
 * @param scalars          extended resources ("example.com/gpu") and hugepages, in their unit
 */
public record Resources(long milliCpu, long memory, long ephemeralStorage, long pods, Map<String, Long> scalars) {

    public static final Resources ZERO = new Resources(0, 0, 0, 0, Map.of());

    public Resources {
        scalars = Map.copyOf(scalars);
    }

    /** @return the amounts of a Kubernetes resource list (requests, limits, capacity or allocatable) */
    public static Resources of(Map<String, Quantity> list) {
        if (list == null || list.isEmpty()) {
            return ZERO;
        }
        long cpu = 0;
        long memory = 0;
        long storage = 0;
        long pods = 0;
        Map<String, Long> scalars = new HashMap<>();
        for (Map.Entry<String, Quantity> e : list.entrySet()) {
            BigDecimal amount = Quantity.getAmountInBytes(e.getValue());
            switch (e.getKey()) {
                case "cpu" -> cpu = amount.movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
                case "memory" -> memory = whole(amount);
                case "ephemeral-storage" -> storage = whole(amount);
                case "pods" -> pods = whole(amount);
                default -> {
                    if (isScalar(e.getKey())) {
                        scalars.put(e.getKey(), whole(amount));
                    }
                }
            }
        }
        return new Resources(cpu, memory, storage, pods, scalars);
    }

    /** @return whether the name is an extended resource or hugepages, which are accounted by count */
    public static boolean isScalar(String name) {
        return name.startsWith("hugepages-") || (name.contains("/") && !name.startsWith("kubernetes.io/"));
    }

    private static long whole(BigDecimal amount) {
        return amount.setScale(0, RoundingMode.CEILING).longValueExact();
    }

    public Resources plus(Resources other) {
        return combine(other, 1);
    }

    public Resources minus(Resources other) {
        return combine(other, -1);
    }

    /** @return each amount the larger of the two (how init containers count) */
    public Resources max(Resources other) {
        Map<String, Long> s = new HashMap<>(scalars);
        other.scalars.forEach((k, v) -> s.merge(k, v, Math::max));
        return new Resources(Math.max(milliCpu, other.milliCpu), Math.max(memory, other.memory),
                Math.max(ephemeralStorage, other.ephemeralStorage), Math.max(pods, other.pods), s);
    }

    /** @return the amount of an extended resource, 0 when absent */
    public long scalar(String name) {
        return scalars.getOrDefault(name, 0L);
    }

    private Resources combine(Resources other, int sign) {
        Map<String, Long> s = scalars;
        if (!other.scalars.isEmpty()) {
            s = new HashMap<>(scalars);
            for (Map.Entry<String, Long> e : other.scalars.entrySet()) {
                s.merge(e.getKey(), sign * e.getValue(), Long::sum);
            }
        }
        return new Resources(milliCpu + sign * other.milliCpu, memory + sign * other.memory,
                ephemeralStorage + sign * other.ephemeralStorage, pods + sign * other.pods, s);
    }
}
