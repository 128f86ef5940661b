package dev.orchestrator.support.scheduling;

import dev.orchestrator.api.scheduler.HostPort;
import dev.orchestrator.api.scheduler.PodInfo;
import dev.orchestrator.api.scheduler.Resources;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The scheduler's view of a pod, derived once per pod (not once per node). */
public final class PodInfos {

    /** What scoring counts for a container without a CPU request (Kubernetes' default for best-effort pods). */
    static final long DEFAULT_MILLI_CPU = 100;
    /** What scoring counts for a container without a memory request. */
    static final long DEFAULT_MEMORY = 200L * 1024 * 1024;

    private PodInfos() {
    }

    /**
     * Requests: containers summed, init containers as maximum, plus overhead, plus one pod slot; a limit stands
     * in for a missing request. Scoring requests: the same with defaults for containers that request nothing.
     */
    public static PodInfo of(Pod pod) {
        String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        if (pod.getSpec() == null) {
            return new PodInfo(pod, key, Resources.ZERO, Resources.ZERO, List.of(), false);
        }
        Resources sum = Resources.ZERO;
        Resources scoring = Resources.ZERO;
        List<HostPort> ports = new ArrayList<>();
        for (Container c : pod.getSpec().getContainers()) {
            Resources r = ResourceLists.amounts(requests(c.getResources()));
            sum = sum.plus(r);
            scoring = scoring.plus(new Resources(r.milliCpu() == 0 ? DEFAULT_MILLI_CPU : r.milliCpu(),
                    r.memory() == 0 ? DEFAULT_MEMORY : r.memory(), 0, 0, Map.of()));
            for (ContainerPort p : c.getPorts()) {
                if (p.getHostPort() != null && p.getHostPort() > 0) {
                    ports.add(new HostPort(p.getProtocol() == null ? "TCP" : p.getProtocol(),
                            p.getHostIP() == null || p.getHostIP().isEmpty() ? "0.0.0.0" : p.getHostIP(),
                            p.getHostPort()));
                }
            }
        }
        for (Container c : pod.getSpec().getInitContainers()) {
            sum = sum.max(ResourceLists.amounts(requests(c.getResources())));
        }
        Resources overhead = ResourceLists.amounts(pod.getSpec().getOverhead());
        Resources slot = new Resources(0, 0, 0, 1, Map.of());
        return new PodInfo(pod, key, sum.plus(overhead).plus(slot), scoring.plus(overhead).plus(slot), ports,
                requiredAntiAffinity(pod));
    }

    private static boolean requiredAntiAffinity(Pod pod) {
        var spec = pod.getSpec();
        return spec.getAffinity() != null && spec.getAffinity().getPodAntiAffinity() != null
                && !spec.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                        .isEmpty();
    }

    private static Map<String, Quantity> requests(ResourceRequirements r) {
        if (r == null) {
            return Map.of();
        }
        Map<String, Quantity> merged = new HashMap<>();
        if (r.getLimits() != null) {
            merged.putAll(r.getLimits());
        }
        if (r.getRequests() != null) {
            merged.putAll(r.getRequests());
        }
        return merged;
    }
}
