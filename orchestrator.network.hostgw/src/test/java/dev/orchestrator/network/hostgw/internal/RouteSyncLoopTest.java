package dev.orchestrator.network.hostgw.internal;

import static dev.orchestrator.network.hostgw.internal.TestNodes.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.Eventually;
import io.fabric8.kubernetes.api.model.Node;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RouteSyncLoopTest {

    private final FakeRouteTable table = new FakeRouteTable();
    private final HostGwMetrics metrics = new HostGwMetrics();
    private final List<Node> nodes = new CopyOnWriteArrayList<>();
    private volatile boolean listed;
    private RouteSyncLoop loop;

    private RouteSyncLoop start(Duration resync) {
        RouteSyncer syncer = new RouteSyncer(new RoutePlanner("a", Ipv4Cidr.parse("10.244.0.0/16")), table, metrics);
        loop = new RouteSyncLoop(() -> listed ? Optional.of(List.copyOf(nodes)) : Optional.empty(), syncer,
                new RouteSyncLoop.Timing(Duration.ofMillis(50), resync, Duration.ofMillis(100),
                        Duration.ofMillis(400)));
        loop.start();
        return loop;
    }

    @AfterEach
    void stop() {
        if (loop != null) {
            loop.close();
        }
    }

    @Test
    void nothingIsProgrammedBeforeTheNodesAreListedThenABurstIsOneSync() throws Exception {
        start(Duration.ofHours(1));
        nodes.add(node("b", "10.244.2.0/24", "10.245.0.2"));
        Thread.sleep(200);
        assertEquals(0, table.reads, "an unlisted cache is never synced (it would delete every route)");
        List<Node> burst = new java.util.ArrayList<>();
        for (int i = 3; i < 13; i++) {
            burst.add(node("n" + i, "10.244." + i + ".0/24", "10.245.0." + i));
        }
        listed = true;
        for (Node n : burst) { // built beforehand, so the ten changes surely fall within the 50 ms
            nodes.add(n);
            loop.changed();
        }
        Eventually.until("the route table", 10, () -> table.ours.size() == 11);
        Thread.sleep(200);
        assertEquals(1, table.reads, "ten changes within the debounce time are one sync");
    }

    @Test
    void failingCommandsAreRetriedWithGrowingBackOffUntilTheyWork() throws Exception {
        listed = true;
        nodes.add(node("far", "10.244.3.0/24", "10.99.0.3"));
        start(Duration.ofHours(1));
        Eventually.until("the route table", 10, () -> metrics.errors() >= 4);
        long attempts = metrics.errors();
        assertTrue(attempts <= 6, "100, 200, 400, 400 ms apart: not a busy loop, attempts=" + attempts);
        table.connected.add(Ipv4Cidr.parse("10.99.0.0/24"));
        Eventually.until("the route table", 10, () -> table.ours.containsKey(Ipv4Cidr.parse("10.244.3.0/24")));
        long after = metrics.errors();
        Thread.sleep(600);
        assertEquals(after, metrics.errors(), "a clean sync stops the retries");
    }

    @Test
    void theResyncRepairsARouteDeletedByHand() throws Exception {
        listed = true;
        nodes.add(node("b", "10.244.2.0/24", "10.245.0.2"));
        start(Duration.ofMillis(300));
        Eventually.until("the route table", 10, () -> table.ours.size() == 1);
        synchronized (table) {
            table.ours.clear();
        }
        Eventually.until("the route table", 10, () -> table.ours.size() == 1);
    }

}
