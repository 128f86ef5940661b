package dev.orchestrator.support.scheduling;

import dev.orchestrator.api.scheduler.Resources;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;

/** Kubernetes resource lists (requests, limits, capacity, allocatable) as the scheduler's {@link Resources}. */
public final class ResourceLists {

    private ResourceLists() {
    }

    /** @return the amounts of a resource list; CPU rounded up to thousandths, the rest up to whole units */
    public static Resources amounts(Map<String, Quantity> list) {
        if (list == null || list.isEmpty()) {
            return Resources.ZERO;
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
}
