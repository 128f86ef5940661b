package dev.orchestrator.network.hostgw.internal;

import static dev.orchestrator.network.hostgw.internal.TestNodes.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orchestrator.support.command.ProcessCommandRunner;
import dev.orchestrator.testing.Eventually;
import io.fabric8.kubernetes.api.model.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Host-gw routes on the real kernel between two "machines": network namespaces A and B joined by a veth pair
 * (10.245.0.1 and 10.245.0.2), each forwarding, with a bridge holding its node's pod gateway (10.244.1.1,
 * 10.244.2.1) and one "pod" namespace behind it (10.244.1.2, 10.244.2.2). A syncer per machine runs its ip
 * commands inside the machine's namespace and is fed fabric8 Nodes as an informer would hold them.
 * Every test starts from no routes of ours; everything is deleted after the last test.
 */
class HostGwNetnsTest {

    private static final int PROTO = 188;
    private static final Node NODE_A = node("node-a", "10.244.1.0/24", "10.245.0.1");
    private static final Node NODE_B = node("node-b", "10.244.2.0/24", "10.245.0.2");
    private static final String POD_A = "10.244.1.2";
    private static final String POD_B = "10.244.2.2";

    private static ScratchMachines machines;
    private static String machineA;
    private static String machineB;
    private static String podA;
    private static HostGwMetrics metricsA;
    private static RouteSyncer syncerA;
    private static RouteSyncer syncerB;

    @BeforeAll
    static void buildTwoMachines() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for network namespaces");
        assumeTrue(Files.isExecutable(Path.of("/bin/busybox")), "needs busybox for ping");
        String run = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
        machines = new ScratchMachines();
        machineA = machines.add("orchgw-" + run + "-a");
        machineB = machines.add("orchgw-" + run + "-b");
        machines.exec(machineA, "ip", "link", "add", "uplink", "type", "veth", "peer", "name", "uplink",
                "netns", machineB);
        podA = machine(machineA, "10.245.0.1", "10.244.1.1", machines.add("orchgw-" + run + "-pa"), POD_A);
        machine(machineB, "10.245.0.2", "10.244.2.1", machines.add("orchgw-" + run + "-pb"), POD_B);
        metricsA = new HostGwMetrics();
        syncerA = syncer("node-a", machineA, metricsA);
        syncerB = syncer("node-b", machineB, new HostGwMetrics());
    }

    /** One machine: uplink address, forwarding, a bridge with the pod gateway, and a pod namespace behind it. */
    private static String machine(String netns, String uplinkIp, String gatewayIp, String pod, String podIp)
            throws Exception {
        machines.exec(netns, "ip", "addr", "add", uplinkIp + "/24", "dev", "uplink");
        machines.exec(netns, "ip", "link", "set", "uplink", "up");
        machines.exec(netns, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        machines.exec(netns, "ip", "link", "add", "br0", "type", "bridge");
        machines.exec(netns, "ip", "addr", "add", gatewayIp + "/24", "dev", "br0");
        machines.exec(netns, "ip", "link", "set", "br0", "up");
        machines.exec(netns, "ip", "link", "add", "vpod", "type", "veth", "peer", "name", "eth0", "netns", pod);
        machines.exec(netns, "ip", "link", "set", "vpod", "master", "br0", "up");
        machines.exec(pod, "ip", "addr", "add", podIp + "/24", "dev", "eth0");
        machines.exec(pod, "ip", "link", "set", "eth0", "up");
        machines.exec(pod, "ip", "route", "add", "default", "via", gatewayIp);
        return pod;
    }

    private static RouteSyncer syncer(String nodeName, String netns, HostGwMetrics metrics) {
        return new RouteSyncer(new RoutePlanner(nodeName, Ipv4Cidr.parse("10.244.0.0/16")),
                table(netns), metrics);
    }

    private static IpRouteTable table(String netns) {
        return new IpRouteTable(ScratchMachines.prefix(netns), PROTO, Duration.ofSeconds(20),
                new ProcessCommandRunner());
    }

    @AfterAll
    static void deleteEverything() {
        if (machines != null) {
            machines.close();
        }
    }

    @BeforeEach
    void noRoutesOfOurs() throws Exception {
        syncerA.removeAll();
        syncerB.removeAll();
    }

    @Test
    void podsReachEachOtherOnlyOnceBothMachinesHaveTheirRoutes() throws Exception {
        assertFalse(pingsPodB(), "without routes machine A sends pod B's traffic nowhere");
        assertTrue(syncerA.sync(List.of(NODE_A, NODE_B)).clean());
        assertFalse(pingsPodB(), "the answer needs machine B's route back");
        assertTrue(syncerB.sync(List.of(NODE_A, NODE_B)).clean());
        assertTrue(pingsPodB());
        assertEquals(List.of("10.244.2.0/24 via 10.245.0.2"), ourRoutes(machineA));
        assertEquals(List.of("10.244.1.0/24 via 10.245.0.1"), ourRoutes(machineB));
    }

    @Test
    void aRemovedNodesRouteGoesAway() throws Exception {
        syncBoth(List.of(NODE_A, NODE_B));
        assertTrue(pingsPodB());
        assertEquals(new SyncOutcome(0, 1, 0), syncerA.sync(List.of(NODE_A)));
        assertEquals(List.of(), ourRoutes(machineA));
        assertFalse(pingsPodB());
    }

    @Test
    void aRouteDeletedByHandComesBackAtTheNextResync() throws Exception {
        syncerB.sync(List.of(NODE_A, NODE_B));
        HostGwMetrics metrics = new HostGwMetrics();
        try (RouteSyncLoop loop = new RouteSyncLoop(() -> Optional.of(List.of(NODE_A, NODE_B)),
                new RouteSyncer(new RoutePlanner("node-a", Ipv4Cidr.parse("10.244.0.0/16")), table(machineA), metrics),
                new RouteSyncLoop.Timing(Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(1),
                        Duration.ofSeconds(30)))) {
            loop.start();
            Eventually.until("our route on machine A", 10, () -> ourRoutesOrNone(machineA).size() == 1);
            machines.exec(machineA, "ip", "route", "del", "10.244.2.0/24");
            assertEquals(List.of(), ourRoutes(machineA));
            Eventually.until("our route on machine A", 10, () -> ourRoutesOrNone(machineA).size() == 1);
        }
        assertTrue(pingsPodB());
    }

    @Test
    void anUnreachableGatewayFailsAloneAndTheOtherRoutesAreProgrammed() throws Exception {
        long errorsBefore = metricsA.errors();
        SyncOutcome outcome = syncerA.sync(List.of(NODE_A, NODE_B, node("node-far", "10.244.3.0/24", "10.99.0.3")));
        assertEquals(new SyncOutcome(1, 1, 1), outcome, "the kernel refuses 10.99.0.3: Nexthop has invalid gateway");
        assertEquals(errorsBefore + 1, metricsA.errors());
        assertEquals(List.of("10.244.2.0/24 via 10.245.0.2"), ourRoutes(machineA));
    }

    @Test
    void aNodeOnTheSameMachineOrOnAConnectedNetworkGetsNoRoute() throws Exception {
        // a second node on machine A, as ./orch join runs them: its bridge is A's own
        machines.exec(machineA, "ip", "link", "add", "br1", "type", "bridge");
        try {
            machines.exec(machineA, "ip", "addr", "add", "10.244.3.1/24", "dev", "br1");
            machines.exec(machineA, "ip", "link", "set", "br1", "up");
            Node sameMachine = node("node-a2", "10.244.3.0/24", "10.245.0.1");
            Node connected = node("node-c", "10.244.3.0/25", "10.245.0.3");
            List<Node> nodes = List.of(NODE_A, NODE_B, sameMachine);
            syncBoth(nodes);
            assertEquals(List.of("10.244.2.0/24 via 10.245.0.2"), ourRoutes(machineA));
            assertEquals(List.of("10.244.1.0/24 via 10.245.0.1", "10.244.3.0/24 via 10.245.0.1"), ourRoutes(machineB),
                    "the other machine routes it like any node");
            assertTrue(table(machineA).read().isConnected(Ipv4Cidr.parse("10.244.3.0/25")));
            assertEquals(new SyncOutcome(1, 0, 0), syncerA.sync(List.of(NODE_A, NODE_B, connected)));
        } finally {
            machines.exec(machineA, "ip", "link", "del", "br1");
        }
    }

    @Test
    void removeAllLeavesNoRouteOfOurProtocol() throws Exception {
        syncBoth(List.of(NODE_A, NODE_B));
        assertEquals(1, syncerA.removeAll());
        assertEquals(1, syncerB.removeAll());
        assertEquals("[]", machines.exec(machineA, "ip", "-j", "route", "show", "proto", "188").strip());
        assertEquals("[]", machines.exec(machineB, "ip", "-j", "route", "show", "proto", "188").strip());
        assertFalse(pingsPodB());
    }

    @Test
    void aRouteWithAnotherProtocolIsNeverTouched() throws Exception {
        // someone's static route to an unrelated range, and one to the pod CIDR of a node we are told about
        machines.exec(machineA, "ip", "route", "add", "10.244.50.0/24", "via", "10.245.0.2", "proto", "static");
        machines.exec(machineA, "ip", "route", "add", "10.244.3.0/24", "via", "10.245.0.2", "proto", "static");
        try {
            String before = foreignRoutes();
            SyncOutcome outcome = syncerA.sync(List.of(NODE_A, NODE_B, node("node-c", "10.244.3.0/24", "10.245.0.3"),
                    node("node-d", "10.244.50.0/24", "10.245.0.4")));
            assertEquals(new SyncOutcome(1, 1, 0), outcome, "only node-b's route is ours to write");
            assertEquals(before, foreignRoutes());
            syncerA.sync(List.of(NODE_A));
            syncerA.removeAll();
            assertEquals(before, foreignRoutes());
            assertTrue(before.contains("10.244.3.0/24 via 10.245.0.2 dev uplink"), before);
        } finally {
            machines.exec(machineA, "ip", "route", "del", "10.244.50.0/24", "proto", "static");
            machines.exec(machineA, "ip", "route", "del", "10.244.3.0/24", "proto", "static");
        }
    }

    private static String foreignRoutes() throws Exception {
        return machines.exec(machineA, "ip", "route", "show", "proto", "static");
    }

    private static void syncBoth(List<Node> nodes) {
        assertTrue(syncerA.sync(nodes).clean());
        assertTrue(syncerB.sync(nodes).clean());
    }

    private static boolean pingsPodB() throws Exception {
        return machines.tryExec(podA, "/bin/busybox", "ping", "-c1", "-W2", POD_B).ok();
    }

    /** Our routes in the machine's table, as "dst via gateway", read with the plain ip tool. */
    private static List<String> ourRoutes(String netns) throws Exception {
        return machines.exec(netns, "ip", "route", "show", "proto", Integer.toString(PROTO)).lines()
                .map(line -> line.replaceAll(" dev .*", "").strip()).sorted().toList();
    }

    private static List<String> ourRoutesOrNone(String netns) {
        try {
            return ourRoutes(netns);
        } catch (Exception e) {
            return List.of();
        }
    }
}
