package dev.orchestrator.proxy.nftables.internal;

import static dev.orchestrator.proxy.nftables.internal.ScratchNetwork.ENDPOINT_IPS;
import static dev.orchestrator.proxy.nftables.internal.ScratchNetwork.HTTP_PORT;
import static dev.orchestrator.proxy.nftables.internal.ScratchNetwork.NODE_IP;
import static dev.orchestrator.proxy.nftables.internal.States.ep;
import static dev.orchestrator.proxy.nftables.internal.States.local;
import static dev.orchestrator.proxy.nftables.internal.States.tcp;
import static dev.orchestrator.proxy.nftables.internal.States.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.proxy.ProxyState;
import dev.orchestrator.api.proxy.ProxyState.Endpoint;
import dev.orchestrator.api.proxy.ProxyState.ServicePort;
import dev.orchestrator.api.proxy.ProxySyncException;
import dev.orchestrator.api.proxy.ServiceProxy.SyncReport;
import dev.orchestrator.api.proxy.ServiceProxy.SyncScope;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy against real nft and real traffic, in a scratch node namespace with endpoints (busybox
 * httpd) in a pods namespace; see {@link ScratchNetwork}. Every test starts from a fresh proxy
 * instance (its first sync rewrites the table) and ends with the table removed.
 */
class NftablesProxyNetnsTest {

    private static final String VIP = "10.96.0.10";
    private static final List<String> CLUSTER = List.of("10.244.0.0/16");

    private static ScratchNetwork net;
    private NftablesProxy proxy;

    @BeforeAll
    static void createNetwork() throws Exception {
        Assumptions.assumeTrue(ScratchNetwork.usable(), "needs root, nft, curl and /bin/busybox");
        net = ScratchNetwork.create();
    }

    @AfterAll
    static void removeNetwork() {
        if (net != null) {
            net.close();
        }
    }

    @BeforeEach
    void newProxy() {
        proxy = new NftablesProxy(NftablesSettings.defaults().withCommandPrefix(net.nodePrefix()));
    }

    @AfterEach
    void removeRules() throws Exception {
        proxy.removeAll();
    }

    private static ProxyState state(ServicePort... ports) {
        return new ProxyState(List.of(ports), List.of(NODE_IP, "127.0.0.1"), CLUSTER);
    }

    private static Endpoint[] endpoints(List<String> ips) {
        return ips.stream().map(ip -> ep(ip, HTTP_PORT)).toArray(Endpoint[]::new);
    }

    private static ServicePort web(List<String> ips) {
        return tcp("web", VIP, 80).nodePort(30080).endpoints(endpoints(ips)).build();
    }

    /** Which endpoints answered {@code requests} GETs of {@code target} from the node. */
    private static Set<String> answers(String target, int requests) throws IOException {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < requests; i++) {
            CommandRunner.Outcome outcome = net.curl(net.node, target);
            assertEquals(0, outcome.exitCode(), target + ": " + outcome.output());
            seen.add(outcome.output());
        }
        return seen;
    }

    /** GETs {@code target} until every one of {@code expected} has answered, for at most 20 s. */
    private static void awaitAllAnswer(String target, List<String> expected) throws IOException {
        Set<String> seen = new HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!seen.containsAll(expected) && System.nanoTime() < deadline) {
            seen.addAll(answers(target, 1));
        }
        assertEquals(Set.copyOf(expected), seen, "endpoints that answered " + target);
    }

    @Test
    void everyEndpointGetsTrafficThroughTheVirtualIp() throws Exception {
        SyncReport report = proxy.sync(state(web(ENDPOINT_IPS)), SyncScope.CHANGES);
        assertTrue(report.full(), "the first sync of an instance rewrites the table");
        awaitAllAnswer(VIP + ":80", ENDPOINT_IPS);
    }

    @Test
    void nodePortsAnswerOnTheNodeAddressAndOnLoopback() throws Exception {
        proxy.sync(state(web(ENDPOINT_IPS.subList(0, 2))), SyncScope.CHANGES);
        awaitAllAnswer(NODE_IP + ":30080", ENDPOINT_IPS.subList(0, 2));
        awaitAllAnswer("127.0.0.1:30080", ENDPOINT_IPS.subList(0, 2));
    }

    @Test
    void aServiceWithoutEndpointsIsRefusedAtOnce() throws Exception {
        proxy.sync(state(web(ENDPOINT_IPS), tcp("empty", "10.96.0.20", 80).nodePort(30090).build()),
                SyncScope.CHANGES);
        for (String target : List.of("10.96.0.20:80", NODE_IP + ":30090")) {
            CommandRunner.Outcome outcome = net.curl(net.node, target, "-v");
            // curl exits 7 when it cannot connect, 28 when it times out (a drop)
            assertEquals(7, outcome.exitCode(), target + ": " + outcome.output());
            assertTrue(outcome.output().contains("Connection refused"), outcome.output());
        }
    }

    @Test
    void aRemovedEndpointGetsNoMoreTraffic() throws Exception {
        proxy.sync(state(web(ENDPOINT_IPS)), SyncScope.CHANGES);
        awaitAllAnswer(VIP + ":80", ENDPOINT_IPS);
        SyncReport report = proxy.sync(state(web(ENDPOINT_IPS.subList(1, 3))), SyncScope.CHANGES);
        assertEquals(new SyncReport(false, 1, 0), report);
        assertEquals(Set.copyOf(ENDPOINT_IPS.subList(1, 3)), answers(VIP + ":80", 30));
        assertEquals(Set.copyOf(ENDPOINT_IPS.subList(1, 3)), answers(NODE_IP + ":30080", 15));
    }

    @Test
    void sessionAffinityKeepsAClientOnItsEndpoint() throws Exception {
        ServicePort sticky = tcp("sticky", "10.96.0.30", 80).affinity(600).endpoints(endpoints(ENDPOINT_IPS)).build();
        proxy.sync(state(sticky), SyncScope.CHANGES);
        assertEquals(1, answers("10.96.0.30:80", 20).size(), "one client, one endpoint");
        // a new endpoint does not move the client: its endpoint's set of clients stays
        String first = answers("10.96.0.30:80", 1).iterator().next();
        List<String> others = new ArrayList<>(ENDPOINT_IPS);
        others.remove(first);
        ServicePort rescaled = tcp("sticky", "10.96.0.30", 80).affinity(600)
                .endpoints(ep(first, HTTP_PORT), ep(others.get(0), HTTP_PORT)).build();
        proxy.sync(state(rescaled), SyncScope.CHANGES);
        assertEquals(Set.of(first), answers("10.96.0.30:80", 10));
        // without affinity the same client is balanced again
        proxy.sync(state(tcp("sticky", "10.96.0.30", 80).endpoints(endpoints(ENDPOINT_IPS)).build()),
                SyncScope.CHANGES);
        awaitAllAnswer("10.96.0.30:80", ENDPOINT_IPS);
    }

    @Test
    void sessionAffinitySurvivesFullSyncs() throws Exception {
        ServicePort sticky = tcp("sticky", "10.96.0.31", 80).affinity(600).endpoints(endpoints(ENDPOINT_IPS)).build();
        proxy.sync(state(sticky), SyncScope.CHANGES);
        Set<String> first = answers("10.96.0.31:80", 3);
        assertEquals(1, first.size());
        // the core rewrites everything every few minutes; a client balanced anew each time would
        // stay on its endpoint by chance only 1 time in 3 per rewrite
        for (int i = 0; i < 3; i++) {
            assertTrue(proxy.sync(state(sticky), SyncScope.FULL).full());
            assertEquals(first, answers("10.96.0.31:80", 3), "after full sync " + (i + 1));
        }
    }

    @Test
    void anEndpointReachesItselfThroughItsService() throws Exception {
        String pod = ENDPOINT_IPS.get(0);
        proxy.sync(state(tcp("self", "10.96.0.40", 80).endpoints(local(pod, HTTP_PORT)).build()), SyncScope.CHANGES);
        CommandRunner.Outcome outcome = net.curl(net.pods, "10.96.0.40:80", "--interface", pod);
        assertEquals(0, outcome.exitCode(), "hairpin: " + outcome.output());
        assertEquals(pod, outcome.output());
    }

    @Test
    void aRefusedSyncKeepsThePreviousRulesAndTheNextSyncRepairs() throws Exception {
        ServicePort other = tcp("other", "10.96.0.50", 80).endpoints(ep(ENDPOINT_IPS.get(2), HTTP_PORT)).build();
        proxy.sync(state(web(ENDPOINT_IPS.subList(0, 2)), other), SyncScope.CHANGES);
        // someone else deletes an element the next partial sync deletes: nft refuses that transaction
        net.inNode("nft", "delete", "element", "ip", "orch", "slot-0", "{ 10.96.0.50 . tcp . 80 }");
        ProxySyncException refused = assertThrows(ProxySyncException.class,
                () -> proxy.sync(state(web(ENDPOINT_IPS.subList(2, 3))), SyncScope.CHANGES));
        assertTrue(refused.getMessage().contains("is in: delete element ip orch slot-0 {"), refused.getMessage());
        assertEquals(Set.copyOf(ENDPOINT_IPS.subList(0, 2)), answers(VIP + ":80", 20),
                "the refused sync changed nothing");
        assertEquals(1.0, metric(SyncMetrics.FAILURES));

        SyncReport repaired = proxy.sync(state(web(ENDPOINT_IPS.subList(2, 3))), SyncScope.CHANGES);
        assertTrue(repaired.full(), "after a refusal the table is rewritten whole");
        assertEquals(Set.of(ENDPOINT_IPS.get(2)), answers(VIP + ":80", 10));
    }

    @Test
    void removedUdpEndpointsLoseTheirConntrackEntries() throws Exception {
        Assumptions.assumeTrue(ScratchNetwork.run(List.of("which", "conntrack")).exitCode() == 0, "needs conntrack");
        ServicePort dns = udp("dns", "10.96.0.53", 53).endpoints(ep(ENDPOINT_IPS.get(0), 5353),
                ep(ENDPOINT_IPS.get(1), 5353)).build();
        proxy.sync(state(dns), SyncScope.CHANGES);
        for (int i = 0; i < 8; i++) {
            net.inNode("bash", "-c", "echo query > /dev/udp/10.96.0.53/53");
        }
        assertTrue(udpFlowsTo("10.96.0.53") > 0, "the datagrams made conntrack entries");
        proxy.sync(state(udp("dns", "10.96.0.53", 53).build()), SyncScope.CHANGES);
        assertEquals(0, udpFlowsTo("10.96.0.53"), "entries to the removed endpoints are gone");
    }

    private static int udpFlowsTo(String vip) throws IOException {
        CommandRunner.Outcome listing = net.tryInNode("conntrack", "-L", "-p", "udp", "--orig-dst", vip);
        return (int) listing.output().lines().filter(line -> line.startsWith("udp")).count();
    }

    @Test
    void oneChangeOnTopOfTenThousandServicesIsPartial() throws Exception {
        List<ServicePort> ports = new ArrayList<>(ManyServices.ports(10_000));
        ports.add(web(ENDPOINT_IPS.subList(0, 1)));
        long t0 = System.nanoTime();
        proxy.sync(new ProxyState(ports, List.of(NODE_IP, "127.0.0.1"), CLUSTER), SyncScope.FULL);
        long t1 = System.nanoTime();
        awaitAllAnswer(VIP + ":80", ENDPOINT_IPS.subList(0, 1));
        ports.set(ports.size() - 1, web(ENDPOINT_IPS.subList(1, 2)));
        long t2 = System.nanoTime();
        SyncReport report = proxy.sync(new ProxyState(ports, List.of(NODE_IP, "127.0.0.1"), CLUSTER),
                SyncScope.CHANGES);
        long t3 = System.nanoTime();
        assertEquals(new SyncReport(false, 1, 0), report);
        assertEquals(Set.of(ENDPOINT_IPS.get(1)), answers(VIP + ":80", 5));
        System.out.printf("nftables 10k services: full sync %d ms, one change %d ms%n",
                (t1 - t0) / 1_000_000, (t3 - t2) / 1_000_000);
    }

    @Test
    void worksBesideAnIptablesProxyProgrammingTheSameService() throws Exception {
        Assumptions.assumeTrue(ScratchNetwork.run(List.of("which", "iptables")).exitCode() == 0, "needs iptables");
        // what an iptables(-nft) proxy writes for the same service during a swap: DNAT in nat
        // PREROUTING/OUTPUT (same hook priority as ours), masquerade of marked packets
        for (String chain : List.of("PREROUTING", "OUTPUT")) {
            net.inNode("iptables", "-t", "nat", "-A", chain, "-d", VIP, "-p", "tcp", "--dport", "80", "-j", "MARK",
                    "--or-mark", "0x4000");
            net.inNode("iptables", "-t", "nat", "-A", chain, "-d", VIP, "-p", "tcp", "--dport", "80", "-j", "DNAT",
                    "--to-destination", ENDPOINT_IPS.get(0) + ":" + HTTP_PORT);
        }
        net.inNode("iptables", "-t", "nat", "-A", "POSTROUTING", "-m", "mark", "--mark", "0x4000/0x4000", "-j",
                "MASQUERADE");
        try {
            proxy.sync(state(web(ENDPOINT_IPS.subList(0, 1))), SyncScope.CHANGES);
            assertEquals(Set.of(ENDPOINT_IPS.get(0)), answers(VIP + ":80", 10));
            assertEquals(Set.of(ENDPOINT_IPS.get(0)), answers("127.0.0.1:30080", 5));
            proxy.removeAll();
            assertEquals(Set.of(ENDPOINT_IPS.get(0)), answers(VIP + ":80", 5), "the iptables rules alone");
        } finally {
            net.inNode("iptables", "-t", "nat", "-F");
        }
    }

    @Test
    void aNewInstanceAdoptsTheTableAndAFullSyncRepairsIt() throws Exception {
        proxy.sync(state(web(ENDPOINT_IPS.subList(0, 1))), SyncScope.CHANGES);
        // the next bundle instance knows nothing of the table: its first sync rewrites it
        NftablesProxy successor = new NftablesProxy(NftablesSettings.defaults().withCommandPrefix(net.nodePrefix()));
        SyncReport adopted = successor.sync(state(web(ENDPOINT_IPS.subList(1, 2))), SyncScope.CHANGES);
        assertTrue(adopted.full());
        assertEquals(Set.of(ENDPOINT_IPS.get(1)), answers(VIP + ":80", 5));
        // someone flushes the proxy's chain: a partial sync would not notice, a full one repairs
        net.inNode("nft", "flush", "chain", "ip", "orch", "services");
        assertEquals(28, net.curl(net.node, VIP + ":80", "-m", "1").exitCode(), "nothing answers the VIP now");
        assertTrue(successor.sync(state(web(ENDPOINT_IPS.subList(1, 2))), SyncScope.FULL).full());
        assertEquals(Set.of(ENDPOINT_IPS.get(1)), answers(VIP + ":80", 5));
    }

    @Test
    void removeAllLeavesNoTable() throws Exception {
        proxy.sync(state(web(ENDPOINT_IPS)), SyncScope.CHANGES);
        assertTrue(net.inNode("nft", "list", "tables").output().contains("table ip orch"));
        proxy.removeAll();
        assertFalse(net.inNode("nft", "list", "tables").output().contains("table ip orch"));
        proxy.removeAll();
        assertEquals(0.0, metric(SyncMetrics.ELEMENTS));
    }

    private double metric(String name) {
        return proxy.metrics().metrics().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow()
                .samples().get(0).value();
    }
}
