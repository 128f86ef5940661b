package dev.orchestrator.api.scheduler;

import java.util.HashMap;
import java.util.Map;

/**
 * Amounts of the resources the scheduler accounts for (derived from resource lists by the scheduler's support
 * code, not here: this package holds shapes only).
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
