package dev.orchestrator.proxy.iptables.internal;

import static dev.orchestrator.proxy.iptables.internal.Ports.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orchestrator.api.proxy.ProxyState;
import dev.orchestrator.api.proxy.ProxyState.ServicePort;
import dev.orchestrator.api.proxy.ProxySyncException;
import dev.orchestrator.api.proxy.ServiceProxy.SyncReport;
import dev.orchestrator.api.proxy.ServiceProxy.SyncScope;
import dev.orchestrator.support.command.CommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The proxy against the real iptables, inside a scratch network namespace: an interface
 * carries the node address and three endpoint addresses, each with a busybox web server that
 * answers its own name, and curl inside the namespace is the client. Each test starts a new proxy
 * instance, whose first (full) sync adopts and cleans what the previous test left.
 */
class IptablesNetnsTest {

    private static final String NODE = "10.250.0.1";
    private static final List<String> ENDPOINTS = List.of("10.244.0.2", "10.244.0.3", "10.244.0.4");
    private static final int TARGET_PORT = 8080;
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private static ScratchNetns netns;
    private static Path pages;

    @BeforeAll
    static void createNamespace() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for network namespaces");
        assumeTrue(Files.isExecutable(Path.of("/bin/busybox")), "needs busybox for the web servers");
        pages = Files.createTempDirectory("orchtest-ipt-pages");
        netns = new ScratchNetns("orchtest-ipt-" + ProcessHandle.current().pid());
        netns.exec("ip", "link", "set", "lo", "up");
        // A bridge without ports and without ARP stands in for a dummy interface (no dummy module
        // here): packets routed to it vanish, so a connection nobody refuses times out.
        netns.exec("ip", "link", "add", "dummy0", "type", "bridge");
        netns.exec("ip", "link", "set", "dummy0", "arp", "off", "up");
        netns.exec("ip", "addr", "add", NODE + "/24", "dev", "dummy0");
        for (String ip : ENDPOINTS) {
            netns.exec("ip", "addr", "add", ip + "/32", "dev", "dummy0");
        }
        // Virtual IPs need a route to be connected to at all; the proxy's DNAT does the rest.
        netns.exec("ip", "route", "add", "10.96.0.0/16", "dev", "dummy0");
        // Node ports on 127.0.0.1 reach pods only if loopback sources may be routed (and masqueraded).
        netns.exec("sysctl", "-q", "-w", "net.ipv4.conf.all.route_localnet=1");
        for (String ip : ENDPOINTS) {
            netns.startWebServer(ip, TARGET_PORT, name(ip), pages);
        }
        for (String ip : ENDPOINTS) {
            awaitAnswer("http://" + ip + ":" + TARGET_PORT + "/", Set.of(name(ip)));
        }
    }

    @AfterAll
    static void deleteNamespace() throws Exception {
        if (netns != null) {
            netns.close();
        }
        if (pages != null) {
            try (var files = Files.walk(pages)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void everyEndpointGetsTrafficThroughTheVirtualIp() throws Exception {
        newProxy().sync(state(web(ENDPOINTS)), SyncScope.CHANGES);
        assertEquals(names(ENDPOINTS), awaitAnswer("http://10.96.0.10/", names(ENDPOINTS)));
    }

    @Test
    void nodePortAnswersOnTheNodeAddressAndOnLoopback() throws Exception {
        newProxy().sync(state(web(ENDPOINTS)), SyncScope.CHANGES);
        assertTrue(names(ENDPOINTS).containsAll(awaitAnswer("http://" + NODE + ":30080/", Set.of())));
        assertTrue(names(ENDPOINTS).containsAll(awaitAnswer("http://127.0.0.1:30080/", Set.of())));
    }

    @Test
    void aServiceWithoutEndpointsRefusesAtOnce() throws Exception {
        newProxy().sync(state(web(ENDPOINTS), tcp("empty", "10.96.0.11", 80, 30081)), SyncScope.CHANGES);
        assertEquals(7, netns.curl("http://10.96.0.11/").exitCode(), "curl exit 7: connection refused");
        assertEquals(7, netns.curl("http://127.0.0.1:30081/").exitCode());
        assertEquals(7, netns.curl("http://" + NODE + ":30081/").exitCode());
    }

    @Test
    void aRemovedEndpointGetsNoMoreTraffic() throws Exception {
        IptablesProxy proxy = newProxy();
        proxy.sync(state(web(ENDPOINTS)), SyncScope.CHANGES);
        List<String> two = ENDPOINTS.subList(0, 2);
        SyncReport report = proxy.sync(state(web(two)), SyncScope.CHANGES);
        assertFalse(report.full());
        assertEquals(1, report.servicesWritten());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            seen.add(netns.curl("http://10.96.0.10/").stdout());
        }
        assertEquals(names(two), seen);
    }

    @Test
    void partialSyncsAddAndRemoveServices() throws Exception {
        IptablesProxy proxy = newProxy();
        proxy.sync(state(web(ENDPOINTS)), SyncScope.CHANGES);
        ServicePort api = tcp("api", "10.96.0.12", 80, 30082, ENDPOINTS.get(1) + ":" + TARGET_PORT);
        SyncReport added = proxy.sync(state(web(ENDPOINTS), api), SyncScope.CHANGES);
        assertFalse(added.full());
        assertEquals(Set.of(name(ENDPOINTS.get(1))), awaitAnswer("http://10.96.0.12/", Set.of(name(ENDPOINTS.get(1)))));
        assertEquals(Set.of(name(ENDPOINTS.get(1))), awaitAnswer("http://127.0.0.1:30082/", Set.of()));

        SyncReport removed = proxy.sync(state(web(ENDPOINTS)), SyncScope.CHANGES);
        assertEquals(1, removed.servicesRemoved());
        String nat = netns.exec("iptables-save", "-t", "nat");
        assertFalse(nat.contains("10.96.0.12"), nat);
        assertFalse(nat.contains("30082"), nat);
        assertFalse(nat.contains(new ChainNames("ORCH").service(api.key())), nat);
        assertEquals(28, netns.curl("http://10.96.0.12/").exitCode(), "the removed VIP leads nowhere");
        assertEquals(names(ENDPOINTS), awaitAnswer("http://10.96.0.10/", names(ENDPOINTS)));
    }

    @Test
    void udpFlowsToARemovedEndpointAreForgotten() throws Exception {
        assumeTrue(netns.tryExec("conntrack", "--version").ok(), "needs the conntrack tool");
        IptablesProxy proxy = newProxy();
        String gone = ENDPOINTS.get(2);
        proxy.sync(state(Ports.udp("dns", "10.96.0.53", 53, gone + ":53")), SyncScope.CHANGES);
        // One datagram makes a flow that conntrack keeps with its NAT decision (no one answers it).
        netns.exec("bash", "-c", "echo hello > /dev/udp/10.96.0.53/53");
        // The endpoint shows as the source of the reply direction.
        String before = netns.tryExec("conntrack", "-L", "-p", "udp", "--orig-dst", "10.96.0.53").stdout();
        assertTrue(before.contains("src=" + gone + " "), before);
        proxy.sync(state(Ports.udp("dns", "10.96.0.53", 53, ENDPOINTS.get(0) + ":53")), SyncScope.CHANGES);
        CommandRunner.Result flows = netns.tryExec("conntrack", "-L", "-p", "udp", "--orig-dst", "10.96.0.53");
        assertFalse(flows.stdout().contains("src=" + gone + " "), flows.stdout());
    }

    @Test
    void sessionAffinityKeepsAClientOnOneEndpoint() throws Exception {
        newProxy().sync(state(Ports.withAffinity(web(ENDPOINTS), 300)), SyncScope.CHANGES);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            seen.add(netns.curl("http://10.96.0.10/").stdout());
        }
        assertEquals(1, seen.size(), "one endpoint for the same client: " + seen);
        assertTrue(names(ENDPOINTS).containsAll(seen));
    }

    @Test
    void aRefusedSyncThrowsAndKeepsThePreviousRules() throws Exception {
        IptablesProxy proxy = newProxy();
        List<String> one = ENDPOINTS.subList(0, 1);
        proxy.sync(state(web(one)), SyncScope.CHANGES);
        ServicePort bad = tcp("bad", "10.96.0.300", 80, 0, ENDPOINTS.get(2) + ":" + TARGET_PORT);
        ProxySyncException e = assertThrows(ProxySyncException.class,
                () -> proxy.sync(state(web(ENDPOINTS), bad), SyncScope.CHANGES));
        assertTrue(e.getMessage().contains("10.96.0.300"), e.getMessage());
        assertTrue(e.getMessage().contains(" at line "), "names the refused line: " + e.getMessage());
        for (int i = 0; i < 10; i++) {
            assertEquals(names(one), Set.of(netns.curl("http://10.96.0.10/").stdout()));
        }
        // The next sync without the bad service goes through.
        proxy.sync(state(web(ENDPOINTS)), SyncScope.CHANGES);
        assertEquals(names(ENDPOINTS), awaitAnswer("http://10.96.0.10/", names(ENDPOINTS)));
    }

    @Test
    void aNewInstanceAdoptsAndPrunesAPredecessorsChains() throws Exception {
        newProxy().sync(state(web(ENDPOINTS), tcp("old", "10.96.0.12", 80, 0, ENDPOINTS.get(0) + ":" + TARGET_PORT)),
                SyncScope.CHANGES);
        ChainNames names = new ChainNames("ORCH");
        String oldChain = names.service(Ports.key("old", ProxyState.Protocol.TCP));
        assertTrue(netns.exec("iptables-save", "-t", "nat").contains(":" + oldChain + " "));
        SyncReport report = newProxy().sync(state(web(ENDPOINTS)), SyncScope.CHANGES);
        assertTrue(report.full());
        String nat = netns.exec("iptables-save", "-t", "nat");
        assertFalse(nat.contains(oldChain), nat);
        assertEquals(1, count(nat, "-A PREROUTING "), "the jump is not added twice:\n" + nat);
        assertEquals(names(ENDPOINTS), awaitAnswer("http://10.96.0.10/", names(ENDPOINTS)));
    }

    @Test
    void aFullSyncRepairsWhatSomeoneElseChanged() throws Exception {
        IptablesProxy proxy = newProxy();
        proxy.sync(state(web(ENDPOINTS)), SyncScope.CHANGES);
        netns.exec("iptables", "-t", "nat", "-D", "OUTPUT", "-m", "comment", "--comment",
                "orchestrator service portals", "-j", "ORCH-SERVICES");
        netns.exec("iptables", "-t", "nat", "-F", new ChainNames("ORCH").service(web(ENDPOINTS).key()));
        assertEquals(28, netns.curl("http://10.96.0.10/").exitCode(), "broken behind the proxy's back");
        assertTrue(proxy.sync(state(web(ENDPOINTS)), SyncScope.FULL).full());
        assertEquals(names(ENDPOINTS), awaitAnswer("http://10.96.0.10/", names(ENDPOINTS)));
        assertEquals(1, count(netns.exec("iptables-save", "-t", "nat"), "-A OUTPUT "));
    }

    @Test
    void removeAllLeavesNoOwnedChainOrJumpAndSparesOthers() throws Exception {
        netns.exec("iptables", "-t", "filter", "-N", "ORCH-FORWARD");
        netns.exec("iptables", "-t", "filter", "-A", "FORWARD", "-j", "ORCH-FORWARD");
        try {
            IptablesProxy proxy = newProxy();
            proxy.sync(state(web(ENDPOINTS), tcp("empty", "10.96.0.11", 80, 30081)), SyncScope.FULL);
            proxy.removeAll();
            String save = netns.exec("iptables-save");
            assertEquals(List.of(":ORCH-FORWARD - [0:0]", "-A FORWARD -j ORCH-FORWARD"),
                    save.lines().filter(line -> line.contains("ORCH")).toList(), save);
            assertEquals(28, netns.curl("http://10.96.0.10/").exitCode(), "no rule left: the VIP leads nowhere");
        } finally {
            netns.exec("iptables", "-t", "filter", "-D", "FORWARD", "-j", "ORCH-FORWARD");
            netns.exec("iptables", "-t", "filter", "-X", "ORCH-FORWARD");
        }
    }

    @Test
    void onlyServiceTrafficFromOutsideTheClusterIsMasqueraded() throws Exception {
        newProxy().sync(state(web(ENDPOINTS)), SyncScope.CHANGES);
        String endpoint = "http://" + ENDPOINTS.get(0) + ":" + TARGET_PORT + "/";
        // From the node address (outside the cluster CIDR) straight to a pod: the services chain marks
        // it at its head, no service takes it, and its tail must take the mark back.
        long before = masqueraded();
        assertTrue(netns.tryExec("curl", "-s", "--max-time", "3", "--interface", NODE, endpoint).ok());
        assertEquals(before, masqueraded(), "traffic to no service is left alone");
        assertTrue(netns.tryExec("curl", "-s", "--max-time", "3", "--interface", NODE, "http://10.96.0.10/").ok());
        assertEquals(before + 1, masqueraded(), "the first packet of a service connection from the node is masqueraded");
    }

    /** Packets the proxy's MASQUERADE rule has seen (nat sees the first packet of each connection). */
    private static long masqueraded() throws Exception {
        String listing = netns.exec("iptables", "-t", "nat", "-L", "ORCH-POSTROUTING", "-v", "-x", "-n");
        return listing.lines().filter(line -> line.contains("MASQUERADE")).mapToLong(
                line -> Long.parseLong(line.trim().split("\\s+")[0])).sum();
    }

    private static IptablesProxy newProxy() {
        return new IptablesProxy(IptablesSettings.defaults().withCommandPrefix(netns.prefix()));
    }

    private static ServicePort web(List<String> endpoints) {
        return tcp("web", "10.96.0.10", 80, 30080,
                endpoints.stream().map(ip -> ip + ":" + TARGET_PORT).toArray(String[]::new));
    }

    private static ProxyState state(ServicePort... ports) {
        return new ProxyState(List.of(ports), List.of(NODE, "127.0.0.1"), List.of("10.244.0.0/16"));
    }

    private static String name(String ip) {
        return "endpoint " + ip;
    }

    private static Set<String> names(List<String> ips) {
        Set<String> names = new HashSet<>();
        ips.forEach(ip -> names.add(name(ip)));
        return names;
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    /**
     * Asks {@code url} until every expected answer was seen (or, with none expected, until one
     * request succeeded) or the deadline passed; returns the answers seen.
     */
    private static Set<String> awaitAnswer(String url, Set<String> expected) throws Exception {
        Set<String> seen = new HashSet<>();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            CommandRunner.Result r = netns.curl(url);
            if (r.ok()) {
                seen.add(r.stdout());
                if (expected.isEmpty() || seen.containsAll(expected)) {
                    return seen;
                }
            } else {
                Thread.sleep(100);
            }
        }
        return seen;
    }
}
