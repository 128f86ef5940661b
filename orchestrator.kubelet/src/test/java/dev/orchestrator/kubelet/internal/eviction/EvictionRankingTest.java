package dev.orchestrator.kubelet.internal.eviction;

import static dev.orchestrator.kubelet.internal.eviction.Pods.container;
import static dev.orchestrator.kubelet.internal.eviction.Pods.pod;
import static dev.orchestrator.kubelet.internal.eviction.Pods.using;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvictionRankingTest {

    private static final long MI = 1L << 20;

    private static List<String> rank(Signal signal, PodConsumption... pods) {
        List<PodConsumption> list = new ArrayList<>(List.of(pods));
        list.sort(EvictionRanking.of(signal));
        return list.stream().map(c -> c.pod().getMetadata().getName()).toList();
    }

    @Test
    void podsOverTheirRequestGoFirstWhateverTheirSize() {
        Pod guaranteed = pod("guaranteed", null, container("main", Map.of("memory", "500Mi"), Map.of("memory", "500Mi")));
        Pod small = pod("small-best-effort", null, container("main", Map.of(), Map.of()));
        // 400Mi within a 500Mi request ranks after 10Mi above nothing
        assertEquals(List.of("small-best-effort", "guaranteed"),
                rank(Signal.MEMORY_AVAILABLE, using(guaranteed, 400 * MI), using(small, 10 * MI)));
    }

    @Test
    void thenLowerPriorityThenTheLargerUseAboveTheRequest() {
        Pod low = pod("low", 0, container("main", Map.of("memory", "100Mi"), Map.of()));
        Pod high = pod("high", 1000, container("main", Map.of(), Map.of()));
        Pod lowBig = pod("low-big", 0, container("main", Map.of("memory", "10Mi"), Map.of()));
        assertEquals(List.of("low-big", "low", "high"), rank(Signal.MEMORY_AVAILABLE,
                using(high, 900 * MI), using(low, 200 * MI), using(lowBig, 150 * MI)));
    }

    @Test
    void diskIsRankedByEphemeralStorageRequests() {
        Pod requested = pod("requested", null, container("main", Map.of("ephemeral-storage", "1Gi"), Map.of()));
        Pod none = pod("none", null, container("main", Map.of(), Map.of()));
        assertEquals(List.of("none", "requested"), rank(Signal.NODEFS_AVAILABLE,
                using(requested, 800 * MI), using(none, 5 * MI)));
        // inodes have no request: more files first
        assertEquals(List.of("requested", "none"), rank(Signal.NODEFS_INODES_FREE,
                using(requested, 800), using(none, 5)));
    }

    @Test
    void thePodRequestIsTheSumOfItsContainersOrItsLargestInitContainer() {
        Pod pod = pod("p", null, container("a", Map.of("memory", "100Mi"), Map.of()),
                container("b", Map.of("memory", "50Mi"), Map.of()));
        assertEquals(150 * MI, EvictionRanking.request(pod, Signal.MEMORY_AVAILABLE));
        pod.getSpec().setInitContainers(List.of(container("init", Map.of("memory", "1Gi"), Map.of())));
        assertEquals(1024 * MI, EvictionRanking.request(pod, Signal.MEMORY_AVAILABLE));
        assertEquals(0, EvictionRanking.request(pod, Signal.PID_AVAILABLE));
    }

    @Test
    void staticMirrorAndSystemCriticalPodsAreCritical() {
        Pod plain = pod("plain", null, container("main", Map.of(), Map.of()));
        assertFalse(EvictionRanking.isCritical(plain));
        plain.getMetadata().setAnnotations(Map.of("kubernetes.io/config.source", "api"));
        assertFalse(EvictionRanking.isCritical(plain));
        assertTrue(EvictionRanking.isCritical(pod("critical", 2_000_000_000, container("main", Map.of(), Map.of()))));
        Pod mirror = pod("mirror", null, container("main", Map.of(), Map.of()));
        mirror.getMetadata().setAnnotations(Map.of("kubernetes.io/config.mirror", "abc"));
        assertTrue(EvictionRanking.isCritical(mirror));
        Pod file = pod("static", null, container("main", Map.of(), Map.of()));
        file.getMetadata().setAnnotations(Map.of("kubernetes.io/config.source", "file"));
        assertTrue(EvictionRanking.isCritical(file));
    }
}
