package dev.orchestrator.proxy.nftables.internal;

import static dev.orchestrator.proxy.nftables.internal.FullScriptTest.elements;
import static dev.orchestrator.proxy.nftables.internal.States.ep;
import static dev.orchestrator.proxy.nftables.internal.States.local;
import static dev.orchestrator.proxy.nftables.internal.States.state;
import static dev.orchestrator.proxy.nftables.internal.States.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.proxy.ProxyState;
import dev.orchestrator.api.proxy.ProxyState.ServicePort;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeScriptTest {

    private static final NftablesSettings SETTINGS = NftablesSettings.defaults();

    private static String change(ProxyState before, ProxyState after) {
        PortTable table = PortTable.of(before);
        return ChangeScript.write(SETTINGS, table, table.delta(after));
    }

    private static ServicePort web(String... endpointIps) {
        return tcp("web", "10.96.0.10", 80).nodePort(30080)
                .endpoints(java.util.Arrays.stream(endpointIps).map(ip -> ep(ip, 8080))
                        .toArray(dev.orchestrator.api.proxy.ProxyState.Endpoint[]::new)).build();
    }

    private static final ServicePort OTHER = tcp("other", "10.96.0.11", 443).endpoints(ep("10.244.2.2", 8443)).build();

    private static AffinityGroup group(ServicePort port) {
        return PortTable.of(state(port)).ports().iterator().next().groups().get(0);
    }

    @Test
    void theSameStateChangesNothing() {
        assertEquals("", change(state(web("10.244.1.2"), OTHER), state(web("10.244.1.2"), OTHER)));
    }

    @Test
    void aNewServiceAddsOnlyItsElements() {
        String script = change(state(OTHER), state(OTHER, tcp("new", "10.96.0.12", 80)
                .endpoints(ep("10.244.3.3", 80)).build()));
        assertEquals("add element ip orch entries {\n  10.96.0.12 . tcp . 80 : goto pick-1-vip\n}\n"
                + "add element ip orch slot-0 {\n  10.96.0.12 . tcp . 80 : 10.244.3.3 . 80\n}\n", script);
    }

    @Test
    void aRemovedServiceDeletesOnlyItsElements() {
        String script = change(state(OTHER, tcp("gone", "10.96.0.12", 80).endpoints(ep("10.244.3.3", 80)).build()),
                state(OTHER));
        assertEquals("delete element ip orch entries {\n  10.96.0.12 . tcp . 80\n}\n"
                + "delete element ip orch slot-0 {\n  10.96.0.12 . tcp . 80\n}\n", script);
    }

    @Test
    void aThirdEndpointAddsItsSlotAndPickChainAndRetiresTheOldOnes() {
        String script = change(state(web("10.244.1.2", "10.244.1.3"), OTHER),
                state(web("10.244.1.2", "10.244.1.3", "10.244.1.4"), OTHER));
        assertTrue(script.startsWith("add map ip orch slot-2 { type ipv4_addr . inet_proto . inet_service : "
                + "ipv4_addr . inet_service; }\nadd chain ip orch slot-2\n"), script);
        assertTrue(script.contains("add rule ip orch pick-3-vip numgen random mod 3 vmap { 0 : goto slot-0, "
                + "1 : goto slot-1, 2 : goto slot-2 }\n"), script);
        assertEquals(List.of("10.96.0.10 . tcp . 80", "192.168.50.1 . tcp . 30080", "127.0.0.1 . tcp . 30080"),
                elements(script, "delete", "entries"), "a changed verdict is deleted, then added");
        assertEquals(List.of("10.96.0.10 . tcp . 80 : goto pick-3-vip", "192.168.50.1 . tcp . 30080 : goto "
                + "pick-3-masq", "127.0.0.1 . tcp . 30080 : goto pick-3-masq"), elements(script, "add", "entries"));
        assertEquals(List.of("10.96.0.10 . tcp . 80 : 10.244.1.4 . 8080",
                "192.168.50.1 . tcp . 30080 : 10.244.1.4 . 8080", "127.0.0.1 . tcp . 30080 : 10.244.1.4 . 8080"),
                elements(script, "add", "slot-2"));
        assertFalse(script.contains("element ip orch slot-0"), "slot 0 and 1 keep their endpoints: " + script);
        assertTrue(script.endsWith("flush chain ip orch pick-2-masq\ndelete chain ip orch pick-2-masq\n"
                + "flush chain ip orch pick-2-vip\ndelete chain ip orch pick-2-vip\n"), script);
        assertTrue(script.indexOf("delete element ip orch entries") < script.indexOf("delete chain"),
                "nothing points to a chain when it is deleted");
    }

    @Test
    void anEndpointLessDeletesTheLastSlot() {
        String script = change(state(web("10.244.1.2", "10.244.1.3")), state(web("10.244.1.3")));
        assertEquals(List.of("10.96.0.10 . tcp . 80 : 10.244.1.3 . 8080",
                "192.168.50.1 . tcp . 30080 : 10.244.1.3 . 8080", "127.0.0.1 . tcp . 30080 : 10.244.1.3 . 8080"),
                elements(script, "add", "slot-0"));
        assertTrue(script.endsWith("flush chain ip orch slot-1\ndelete chain ip orch slot-1\n"
                + "delete map ip orch slot-1\n"), script);
        assertFalse(script.contains("element ip orch slot-1"), "the map goes whole: " + script);
    }

    @Test
    void losingAllEndpointsMovesEntriesToTheRefusals() {
        String script = change(state(web("10.244.1.2")), state(web()));
        assertEquals(List.of("10.96.0.10 . tcp . 80 : goto refuse", "192.168.50.1 . tcp . 30080 : goto refuse",
                "127.0.0.1 . tcp . 30080 : goto refuse"), elements(script, "add", "no-endpoints"));
        assertEquals(3, elements(script, "delete", "entries").size());
        assertTrue(script.contains("delete map ip orch slot-0\n"), script);
    }

    @Test
    void hairpinsAndClusterRangesFollowTheState() {
        ServicePort before = tcp("web", "10.96.0.10", 80).endpoints(local("10.244.1.2", 80)).build();
        ServicePort after = tcp("web", "10.96.0.10", 80).endpoints(local("10.244.1.5", 80)).build();
        String script = change(state(List.of(), List.of("10.244.0.0/16"), before),
                state(List.of(), List.of("10.244.0.0/16", "10.245.0.0/16"), after));
        assertTrue(script.contains("flush set ip orch cluster-cidrs\nadd element ip orch cluster-cidrs {\n"
                + "  10.244.0.0/16,\n  10.245.0.0/16\n}\n"), script);
        assertEquals(List.of("10.244.1.2 . 10.244.1.2"), elements(script, "delete", "hairpin"));
        assertEquals(List.of("10.244.1.5 . 10.244.1.5"), elements(script, "add", "hairpin"));
    }

    @Test
    void anAffinityGroupKeepsTheSetsOfEndpointsThatStay() {
        ServicePort before = tcp("sticky", "10.96.0.30", 80).affinity(600)
                .endpoints(ep("10.244.1.2", 80), ep("10.244.1.3", 80)).build();
        ServicePort after = tcp("sticky", "10.96.0.30", 80).affinity(600)
                .endpoints(ep("10.244.1.3", 80), ep("10.244.1.4", 80)).build();
        AffinityGroup group = group(after);
        String gone = group.endpointChain(new Backend("10.244.1.2", 80));
        String kept = group.endpointChain(new Backend("10.244.1.3", 80));
        String added = group.endpointChain(new Backend("10.244.1.4", 80));
        String script = change(state(before), state(after));
        assertEquals("add set ip orch " + added + " { type ipv4_addr; flags dynamic,timeout; timeout 600s; }\n"
                + "add chain ip orch " + added + "\n"
                + "add rule ip orch " + added + " update @" + added + " { ip saddr } meta l4proto tcp dnat to "
                + "10.244.1.4:80\n"
                + "flush chain ip orch " + group.chain() + "\n"
                + "add rule ip orch " + group.chain() + " ip saddr != @cluster-cidrs meta mark set meta mark "
                + "| 0x00004000\n"
                + "add rule ip orch " + group.chain() + " ip saddr @" + kept + " goto " + kept + "\n"
                + "add rule ip orch " + group.chain() + " ip saddr @" + added + " goto " + added + "\n"
                + "add rule ip orch " + group.chain() + " numgen random mod 2 vmap { 0 : goto " + kept
                + ", 1 : goto " + added + " }\n"
                + "flush chain ip orch " + gone + "\ndelete chain ip orch " + gone + "\ndelete set ip orch " + gone
                + "\n", script);
    }

    @Test
    void aRemovedAffinityGroupGoesAfterTheEntriesThatJumpedToIt() {
        ServicePort sticky = tcp("sticky", "10.96.0.30", 80).affinity(600).endpoints(ep("10.244.1.2", 80)).build();
        AffinityGroup group = group(sticky);
        String endpoint = group.endpointChain(new Backend("10.244.1.2", 80));
        String script = change(state(sticky, OTHER), state(OTHER));
        assertEquals("delete element ip orch entries {\n  10.96.0.30 . tcp . 80\n}\n"
                + "flush chain ip orch " + group.chain() + "\n"
                + "flush chain ip orch " + endpoint + "\ndelete chain ip orch " + endpoint + "\n"
                + "delete set ip orch " + endpoint + "\n"
                + "delete chain ip orch " + group.chain() + "\n", script);
    }
}
