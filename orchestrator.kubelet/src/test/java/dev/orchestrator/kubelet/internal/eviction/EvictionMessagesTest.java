package dev.orchestrator.kubelet.internal.eviction;

import static dev.orchestrator.kubelet.internal.eviction.Pods.container;
import static dev.orchestrator.kubelet.internal.eviction.Pods.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EvictionMessagesTest {

    private static final long MI = 1L << 20;

    @Test
    void nodeLowNamesEveryContainerOverItsRequestInKubernetesWording() {
        Pod pod = pod("mixed", null, container("hog", Map.of(), Map.of()),
                container("calm", Map.of("memory", "64Mi"), Map.of()));
        Threshold t = ThresholdParser.thresholds("memory.available<100Mi").get(0);
        Observation o = new Observation(Signal.MEMORY_AVAILABLE, 80 * MI, 600 * MI);
        String m = EvictionMessages.nodeLow(t, o, new PodConsumption(pod, Map.of("hog", 420 * MI, "calm", 10 * MI), 430 * MI));
        assertEquals("The node was low on resource: memory. Threshold quantity: 100Mi, available: 80Mi. "
                + "Container hog was using 420Mi, request is 0, has larger consumption of memory. ", m);
    }

    @Test
    void aPercentageThresholdIsShownAsTheQuantityItMeansOnThisNode() {
        Pod pod = pod("writer", null, container("main", Map.of("ephemeral-storage", "1Mi"), Map.of()));
        Threshold t = ThresholdParser.thresholds("nodefs.available<10%").get(0);
        Observation o = new Observation(Signal.NODEFS_AVAILABLE, 5 * MI, 100 * MI);
        assertEquals("The node was low on resource: ephemeral-storage. Threshold quantity: 10Mi, available: 5Mi. "
                + "Container main was using 3Mi, request is 1Mi, has larger consumption of ephemeral-storage. ",
                EvictionMessages.nodeLow(t, o, new PodConsumption(pod, Map.of("main", 3 * MI), 3 * MI)));
    }

    @Test
    void localStorageAndRefusalMessages() {
        assertEquals("Usage of EmptyDir volume \"scratch\" exceeds the limit \"1Mi\". ",
                EvictionMessages.emptyDir("scratch", new Quantity("1024Ki")));
        assertEquals("Container app exceeded its local ephemeral storage limit \"500M\". ",
                EvictionMessages.containerEphemeralStorage("app", new Quantity("500000k")));
        assertEquals("Pod ephemeral local storage usage exceeds the total limit of containers 3Gi. ",
                EvictionMessages.podEphemeralStorage(3L << 30));
        assertEquals("The node had condition: [DiskPressure MemoryPressure]. ",
                EvictionMessages.nodeCondition(List.of("DiskPressure", "MemoryPressure")));
    }

    @ParameterizedTest
    @CsvSource({"0, BYTES, 0", "1048576, BYTES, 1Mi", "83886080, BYTES, 80Mi", "83887104, BYTES, 81921Ki",
            "1000001, BYTES, 1000001", "5000, COUNT, 5k", "1500, COUNT, 1500", "2000000, COUNT, 2M"})
    void amountsInTheirCanonicalForm(long amount, Signal.Unit unit, String text) {
        assertEquals(text, Amounts.format(amount, unit));
    }
}
