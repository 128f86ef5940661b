package dev.orchestrator.proxy.nftables.internal;

import static dev.orchestrator.proxy.nftables.internal.States.ep;
import static dev.orchestrator.proxy.nftables.internal.States.local;
import static dev.orchestrator.proxy.nftables.internal.States.state;
import static dev.orchestrator.proxy.nftables.internal.States.tcp;
import static dev.orchestrator.proxy.nftables.internal.States.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.proxy.ProxyState;
import java.util.List;
import org.junit.jupiter.api.Test;

class FullScriptTest {

    private static final NftablesSettings SETTINGS = NftablesSettings.defaults();

    private static String full(ProxyState state) {
        return FullScript.write(SETTINGS, PortTable.of(state));
    }

    /** The lines of one {@code add element} block of {@code set}, without the braces. */
    static List<String> elements(String script, String verb, String set) {
        String head = verb + " element ip orch " + set + " {\n";
        int start = script.indexOf(head);
        if (start < 0) {
            return List.of();
        }
        int end = script.indexOf("\n}\n", start);
        return script.substring(start + head.length(), end).lines().map(l -> l.strip().replaceAll(",$", "")).toList();
    }

    @Test
    void rebuildsTheWholeTableInOneTransaction() {
        String script = full(state());
        assertTrue(script.startsWith("add table ip orch\ndelete table ip orch\nadd table ip orch\n"), script);
        assertTrue(script.contains("add chain ip orch nat-prerouting { type nat hook prerouting priority -100; "
                + "policy accept; }\nadd rule ip orch nat-prerouting jump services\n"), script);
        assertTrue(script.contains("add chain ip orch nat-output { type nat hook output priority -100;"), script);
        assertTrue(script.contains("add chain ip orch nat-postrouting { type nat hook postrouting priority 100;"),
                script);
        assertTrue(script.contains("add chain ip orch filter-prerouting { type filter hook prerouting priority -110;"),
                script);
        assertTrue(script.contains("add rule ip orch services ip daddr . meta l4proto . th dport vmap @entries\n"));
        assertFalse(script.contains("slot-0"), "no services, no slots: " + script);
    }

    @Test
    void balancesAVirtualIpOverSlotMaps() {
        String script = full(state(tcp("web", "10.96.0.10", 80).endpoints(ep("10.244.1.2", 8080),
                ep("10.244.1.3", 8080)).build()));
        assertEquals(List.of("10.96.0.10 . tcp . 80 : goto pick-2-vip"), elements(script, "add", "entries"));
        assertEquals(List.of("10.96.0.10 . tcp . 80 : 10.244.1.2 . 8080"), elements(script, "add", "slot-0"));
        assertEquals(List.of("10.96.0.10 . tcp . 80 : 10.244.1.3 . 8080"), elements(script, "add", "slot-1"));
        assertTrue(script.contains("add rule ip orch slot-1 dnat to ip daddr . meta l4proto . th dport map @slot-1\n"));
        assertTrue(script.contains("add rule ip orch pick-2-vip ip saddr != @cluster-cidrs meta mark set meta mark "
                + "| 0x00004000\nadd rule ip orch pick-2-vip numgen random mod 2 vmap { 0 : goto slot-0, "
                + "1 : goto slot-1 }\n"), script);
        assertEquals(List.of("10.244.0.0/16"), elements(script, "add", "cluster-cidrs"));
    }

    @Test
    void nodePortsAnswerOnEveryNodeAddressAndMasqueradeUnlessLocal() {
        String script = full(state(
                tcp("np", "10.96.0.11", 80).nodePort(30080).endpoints(ep("10.244.1.2", 8080)).build(),
                tcp("local", "10.96.0.12", 80).nodePort(30081).externalIp("203.0.113.7")
                        .endpoints(ep("10.244.1.4", 8080), ep("10.244.2.4", 8080))
                        .external(true, local("10.244.1.4", 8080)).build()));
        assertEquals(List.of(
                "10.96.0.11 . tcp . 80 : goto pick-1-vip",
                "192.168.50.1 . tcp . 30080 : goto pick-1-masq",
                "127.0.0.1 . tcp . 30080 : goto pick-1-masq",
                "10.96.0.12 . tcp . 80 : goto pick-2-vip",
                "203.0.113.7 . tcp . 80 : goto pick-1-keep",
                "192.168.50.1 . tcp . 30081 : goto pick-1-keep",
                "127.0.0.1 . tcp . 30081 : goto pick-1-keep"), elements(script, "add", "entries"));
        assertTrue(script.contains("add rule ip orch pick-1-masq meta mark set meta mark | 0x00004000\n"));
        assertTrue(script.contains("add chain ip orch pick-1-keep\nadd rule ip orch pick-1-keep numgen random mod 1 "
                + "vmap { 0 : goto slot-0 }\n"), "a Local policy keeps the client address: " + script);
        assertEquals(List.of("10.244.1.4 . 10.244.1.4"), elements(script, "add", "hairpin"),
                "only local endpoints can hairpin");
        assertTrue(script.contains("add rule ip orch masquerading ip saddr 127.0.0.0/8 ip daddr != 127.0.0.0/8 "
                + "masquerade\n"), script);
    }

    @Test
    void refusesWithoutEndpointsAndDropsWhenLocal() {
        String script = full(state(
                tcp("empty", "10.96.0.20", 80).nodePort(30090).build(),
                udp("dns", "10.96.0.21", 53).externalIp("203.0.113.8").endpoints(ep("10.244.1.9", 53))
                        .external(true).build()));
        assertEquals(List.of(
                "10.96.0.20 . tcp . 80 : goto refuse",
                "192.168.50.1 . tcp . 30090 : goto refuse",
                "127.0.0.1 . tcp . 30090 : goto refuse",
                "203.0.113.8 . udp . 53 : drop"), elements(script, "add", "no-endpoints"));
        assertEquals(List.of("10.96.0.21 . udp . 53 : goto pick-1-vip"), elements(script, "add", "entries"));
        assertTrue(script.contains("add rule ip orch refuse reject\n"));
        assertTrue(script.contains("add rule ip orch endpointless ip daddr . meta l4proto . th dport vmap "
                + "@no-endpoints\n"));
    }

    @Test
    void sessionAffinityGetsChainsAndClientSetsOfItsOwn() {
        String script = full(state(tcp("sticky", "10.96.0.30", 80).affinity(600)
                .endpoints(ep("10.244.1.2", 8080), ep("10.244.1.3", 8080)).build()));
        AffinityGroup group = PortTable.of(state(tcp("sticky", "10.96.0.30", 80).affinity(600)
                .endpoints(ep("10.244.1.2", 8080), ep("10.244.1.3", 8080)).build())).ports().iterator().next()
                .groups().get(0);
        String first = group.endpointChain(new Backend("10.244.1.2", 8080));
        String second = group.endpointChain(new Backend("10.244.1.3", 8080));
        assertEquals(List.of("10.96.0.30 . tcp . 80 : goto " + group.chain()), elements(script, "add", "entries"));
        assertTrue(script.contains("add set ip orch " + first + " { type ipv4_addr; flags dynamic,timeout; "
                + "timeout 600s; }\n"), script);
        assertTrue(script.contains("add rule ip orch " + first + " update @" + first
                + " { ip saddr } meta l4proto tcp dnat to 10.244.1.2:8080\n"), script);
        assertTrue(script.contains("add rule ip orch " + group.chain() + " ip saddr @" + second + " goto " + second
                + "\n"), script);
        assertTrue(script.contains("add rule ip orch " + group.chain() + " numgen random mod 2 vmap { 0 : goto "
                + first + ", 1 : goto " + second + " }\n"), script);
        assertTrue(script.indexOf("add chain ip orch " + first) < script.indexOf("add chain ip orch "
                + group.chain() + "\n"), "endpoint chains exist before the group chain jumps to them");
        assertFalse(script.contains("slot-0"), script);
    }
}
