package dev.orchestrator.kubelet.internal;

import dev.orchestrator.kubelet.internal.eviction.EvictionInputs;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a kubelet shows its eviction monitor: the pods it runs that could be evicted, from its
 * informer's view, and their memory from the usage sampler (sampled anew when the latest sample is
 * older than half a monitoring interval).
 */
final class NodeEvictionInputs implements EvictionInputs {

    private final Supplier<Collection<Pod>> pods;
    private final UsageSampler usage;
    private final PodEvictions evictions;
    private final Duration maxSampleAge;

    NodeEvictionInputs(Supplier<Collection<Pod>> pods, UsageSampler usage, PodEvictions evictions,
                       Duration monitoringInterval) {
        this.pods = pods;
        this.usage = usage;
        this.evictions = evictions;
        this.maxSampleAge = monitoringInterval.dividedBy(2);
    }

    @Override
    public List<Pod> activePods() {
        return pods.get().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null && !terminal(p)
                && !evictions.isEvicted(p.getMetadata().getUid())).toList();
    }

    private static boolean terminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    @Override
    public MemoryUsage memory() {
        UsageSample sample = usage.fresh(maxSampleAge);
        Map<String, Map<String, Long>> byPod = new HashMap<>();
        for (UsageSample.ContainerUsage c : sample.containers().values()) {
            byPod.computeIfAbsent(c.podUid(), u -> new HashMap<>())
                    .merge(c.name(), c.usage().memoryWorkingSetBytes(), Long::sum);
        }
        return new MemoryUsage(sample.node().memoryWorkingSetBytes(), byPod);
    }
}
