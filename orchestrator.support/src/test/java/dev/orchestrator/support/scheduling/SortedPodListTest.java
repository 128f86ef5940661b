package dev.orchestrator.support.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.scheduler.NodeInfo;
import dev.orchestrator.api.scheduler.PodInfo;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SortedPodListTest {

    @Test
    void behavesAsAMapOrderedByKeyThroughSplitsAndMergesAndOldVersionsStayAsTheyWere() {
        Random random = new Random(17);
        TreeMap<String, PodInfo> model = new TreeMap<>();
        SortedPodList list = SortedPodList.EMPTY;
        List<SortedPodList> versions = new ArrayList<>();
        List<List<PodInfo>> expected = new ArrayList<>();
        // grow well past several chunk splits, then shrink through merges to empty, twice
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 6000; i++) {
                PodInfo pod = pod("p" + random.nextInt(3000), "v" + i);
                list = list.with(pod);
                model.put(pod.key(), pod);
                if (i % 500 == 0) {
                    versions.add(list);
                    expected.add(List.copyOf(model.values()));
                }
            }
            assertEquals(List.copyOf(model.values()), list);
            while (!model.isEmpty()) {
                String key = random.nextInt(4) == 0 ? "ns/absent" + random.nextInt(10)
                        : new ArrayList<>(model.keySet()).get(random.nextInt(model.size()));
                SortedPodList before = list;
                list = list.without(key);
                if (model.remove(key) == null) {
                    assertSame(before, list, "removing an absent key keeps the list");
                }
                if (model.size() % 97 == 0) {
                    assertEquals(List.copyOf(model.values()), list);
                }
            }
            assertEquals(0, list.size());
            assertTrue(list.isEmpty());
        }
        for (int v = 0; v < versions.size(); v++) {
            assertEquals(expected.get(v), versions.get(v), "an earlier version never changes");
            SortedPodList version = versions.get(v);
            for (int i = 0; i < version.size(); i += 37) {
                assertSame(expected.get(v).get(i), version.get(i));
                assertSame(expected.get(v).get(i), version.find(version.get(i).key()));
            }
        }
        assertNull(versions.get(versions.size() - 1).find("ns/absent"));
    }

    @Test
    void aListOfAnyOtherKindIsTakenInKeyOrderWithTheLastPodOfAKeyKept() {
        PodInfo first = pod("b", "1");
        PodInfo second = pod("a", "1");
        PodInfo replacement = pod("b", "2");
        assertEquals(List.of(second, replacement), SortedPodList.of(List.of(first, second, replacement)));
        assertEquals(List.of(), SortedPodList.of(List.of()));
    }

    @Test
    void aNodeKeepsItsPodsAndSumsRightAsPodsComeAndGo() {
        Node node = new NodeBuilder().withNewMetadata().withName("n").endMetadata().withNewStatus()
                .withAllocatable(Map.of("cpu", new Quantity("100"), "memory", new Quantity("100Gi"),
                        "pods", new Quantity("10000")))
                .endStatus().build();
        NodeInfo info = NodeInfos.of(node);
        for (int i = 0; i < 300; i++) {
            info = NodeInfos.withPod(info, pod("p" + i, "1"));
        }
        info = NodeInfos.withPod(info, pod("p7", "2"));
        assertSame(info, NodeInfos.withoutPod(info, "ns/nobody"));
        for (int i = 0; i < 300; i += 2) {
            info = NodeInfos.withoutPod(info, "ns/p" + i);
        }
        assertEquals(150, info.pods().size());
        assertEquals(150 * 100, info.requested().milliCpu());
        assertEquals(150 * 1024L * 1024, info.requested().memory());
        assertEquals(150, info.requested().pods());
        assertTrue(info.pods() instanceof SortedPodList, "the node kept the list without copying it");
        assertEquals("2", info.pods().stream().filter(p -> p.key().equals("ns/p7")).findFirst().orElseThrow().pod()
                .getMetadata().getResourceVersion());
    }

    private static PodInfo pod(String name, String version) {
        return PodInfos.of(new PodBuilder().withNewMetadata().withNamespace("ns").withName(name)
                .withResourceVersion(version).endMetadata().withNewSpec().addNewContainer().withName("c")
                .withNewResources().addToRequests("cpu", new Quantity("100m")).addToRequests("memory",
                        new Quantity("1Mi")).endResources().endContainer().endSpec().build());
    }
}
