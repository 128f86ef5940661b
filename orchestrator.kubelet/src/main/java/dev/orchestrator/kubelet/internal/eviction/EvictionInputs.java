package dev.orchestrator.kubelet.internal.eviction;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;

/** What the eviction monitor reads of its kubelet at each observation. */
public interface EvictionInputs {

    /** The pods that could be evicted: bound to this node, neither finished nor being deleted nor evicted already. */
    List<Pod> activePods();

    /** Memory in use now (recently sampled). */
    MemoryUsage memory();

    /**
     * @param nodeWorkingSet the machine's working set (bytes)
     * @param byPod the working set of each running container: pod uid → container name → bytes
     */
    record MemoryUsage(long nodeWorkingSet, Map<String, Map<String, Long>> byPod) {

        public long podsWorkingSet() {
            return byPod.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
        }
    }
}
