package dev.orchestrator.scheduler.internal;

import static dev.orchestrator.scheduler.internal.TestPods.node;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterEventsTest {

    private final SchedulingQueue queue = new SchedulingQueue(System::currentTimeMillis, 1000, 10_000, 300_000);
    private final NodeCache cache = new NodeCache();
    private final ClusterEvents events = new ClusterEvents("default-scheduler", queue, cache);

    private static PodBuilder pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata().withNewSpec()
                .addNewContainer().withName("c").withNewResources().withRequests(Map.of("cpu", new Quantity("1")))
                .endResources().endContainer().endSpec();
    }

    @Test
    void onlyUnboundPodsOfThisSchedulerWithoutGatesAreQueued() {
        events.podChanged(pod("mine").build());
        events.podChanged(pod("foreign").editSpec().withSchedulerName("other").endSpec().build());
        events.podChanged(pod("gated").editSpec().addNewSchedulingGate("example.com/wait").endSpec().build());
        assertTrue(queue.contains("default/mine"));
        assertFalse(queue.contains("default/foreign"));
        assertFalse(queue.contains("default/gated"));
        events.podChanged(pod("gated").build()); // gate removed
        assertTrue(queue.contains("default/gated"));
    }

    @Test
    void gatedPodsOfThisSchedulerAreCountedUntilReleasedBoundOrDeleted() {
        Pod gated = pod("g1").editSpec().addNewSchedulingGate("example.com/wait").endSpec().build();
        events.podChanged(gated);
        events.podChanged(pod("g2").editSpec().addNewSchedulingGate("example.com/wait").endSpec().build());
        events.podChanged(pod("g3").editSpec().withSchedulerName("other").addNewSchedulingGate("x/y").endSpec().build());
        assertEquals(2, events.gatedCount(), "another profile's gated pod is not ours");
        events.podChanged(gated); // an update changes nothing
        assertEquals(2, events.gatedCount());
        events.podChanged(pod("g1").build()); // gate removed: queued, no longer gated
        assertEquals(1, events.gatedCount());
        events.podDeleted(pod("g2").build());
        assertEquals(0, events.gatedCount());
    }

    @Test
    void boundPodsCountOnTheirNodeAndFinishedOnesFreeIt() {
        cache.putNode(node("n", "4"));
        Pod bound = pod("b").editSpec().withNodeName("n").endSpec().build();
        events.podChanged(bound);
        assertEquals(1000, cache.snapshot().node("n").orElseThrow().requested().milliCpu());
        events.podChanged(new PodBuilder(bound).withNewStatus().withPhase("Succeeded").endStatus().build());
        assertEquals(0, cache.snapshot().node("n").orElseThrow().requested().milliCpu());
    }

    @Test
    void deletingABoundPodGivesUnschedulablePodsAnotherChance() throws Exception {
        cache.putNode(node("n", "4"));
        Pod bound = pod("b").editSpec().withNodeName("n").endSpec().build();
        events.podChanged(bound);
        events.podChanged(pod("waiting").build());
        queue.failed(queue.pop(), true);
        assertArrayEquals(new int[] {0, 0, 1, 0}, queue.sizes());
        events.podDeleted(bound);
        assertEquals(0, queue.sizes()[2]);
    }
}
