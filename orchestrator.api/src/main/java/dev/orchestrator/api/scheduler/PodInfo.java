package dev.orchestrator.api.scheduler;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A pod with what the scheduler derives from it once (not once per node).
 *
 * @param pod             the API object; treat as read-only
 * @param key             "namespace/name"
 * @param requests        what the pod asks for: containers summed, init containers as maximum,
 *                        plus overhead, plus one pod slot; a limit stands in for a missing request
 * @param scoringRequests the same with defaults for best-effort containers (100m CPU, 200 MiB),
 *                        so scoring sees every pod as taking something
 * @param hostPorts       host ports its containers ask for
 */
public record PodInfo(Pod pod, String key, Resources requests, Resources scoringRequests, List<HostPort> hostPorts) {

    static final long DEFAULT_MILLI_CPU = 100;
    static final long DEFAULT_MEMORY = 200L * 1024 * 1024;

    public PodInfo {
        hostPorts = List.copyOf(hostPorts);
    }

    /** @return the scheduler's view of a pod */
    public static PodInfo of(Pod pod) {
        String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        if (pod.getSpec() == null) {
            return new PodInfo(pod, key, Resources.ZERO, Resources.ZERO, List.of());
        }
        Resources sum = Resources.ZERO;
        Resources scoring = Resources.ZERO;
        List<HostPort> ports = new ArrayList<>();
        for (Container c : pod.getSpec().getContainers()) {
            Resources r = Resources.of(requests(c.getResources()));
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
            sum = sum.max(Resources.of(requests(c.getResources())));
        }
        Resources overhead = Resources.of(pod.getSpec().getOverhead());
        Resources slot = new Resources(0, 0, 0, 1, Map.of());
        return new PodInfo(pod, key, sum.plus(overhead).plus(slot), scoring.plus(overhead).plus(slot), ports);
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

    /** @return whether the pod has required pod anti-affinity terms */
    public boolean hasRequiredAntiAffinity() {
        var spec = pod.getSpec();
        return spec != null && spec.getAffinity() != null && spec.getAffinity().getPodAntiAffinity() != null
                && !spec.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                        .isEmpty();
    }

    public String namespace() {
        return pod.getMetadata().getNamespace();
    }

    public String name() {
        return pod.getMetadata().getName();
    }

    public Map<String, String> labels() {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }
}
