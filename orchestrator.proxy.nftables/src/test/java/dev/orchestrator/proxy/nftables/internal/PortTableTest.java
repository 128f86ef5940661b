package dev.orchestrator.proxy.nftables.internal;

import static dev.orchestrator.proxy.nftables.internal.States.ep;
import static dev.orchestrator.proxy.nftables.internal.States.local;
import static dev.orchestrator.proxy.nftables.internal.States.state;
import static dev.orchestrator.proxy.nftables.internal.States.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.proxy.ProxyState.Protocol;
import dev.orchestrator.api.proxy.ProxyState.ServicePort;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PortTableTest {

    private static final ServicePort A = tcp("a", "10.96.0.1", 80).externalIp("203.0.113.1")
            .endpoints(ep("10.244.1.2", 80)).build();
    private static final ServicePort B = tcp("b", "10.96.0.2", 80).externalIp("203.0.113.1")
            .endpoints(ep("10.244.1.3", 80)).build();
    private static final EntryKey SHARED = new EntryKey("203.0.113.1", Protocol.TCP, 80);

    @Test
    void leavesOutWhatNftCouldNotTakeAndSaysWhy() {
        PortTable table = new PortTable();
        TableDelta delta = table.delta(state(List.of("192.168.50.1", "fe80::1"), List.of("10.244.0.0/16",
                "10.244.0.0"), tcp("v6", "fd00::10", 80).endpoints(ep("10.244.1.2", 80)).build(),
                tcp("badep", "10.96.0.2", 80).endpoints(ep("10.244.1.300", 80), ep("10.244.1.3", 0),
                        ep("10.244.1.4", 80)).build()));
        table.apply(delta);
        assertEquals(5, delta.problems().size(), delta.problems().toString());
        assertEquals(List.of("192.168.50.1"), table.nodeAddresses());
        assertEquals(List.of("10.244.0.0/16"), table.clusterCidrs());
        assertEquals(Map.of(new EntryKey("10.96.0.2", Protocol.TCP, 80), "goto pick-1-vip"),
                dispatch(table, "badep"));
    }

    @Test
    void anEntryStaysWithThePortThatHoldsItAndMovesWhenThatPortGoes() {
        PortTable table = PortTable.of(state(A));
        TableDelta withB = table.delta(state(B, A));
        assertTrue(withB.problems().get(0).contains("belongs to another service port"), withB.problems().toString());
        table.apply(withB);
        assertEquals("goto pick-1-masq", dispatch(table, "a").get(SHARED));
        assertNull(dispatch(table, "b").get(SHARED));
        TableDelta withoutA = table.delta(state(B));
        table.apply(withoutA);
        assertEquals("goto pick-1-masq", dispatch(table, "b").get(SHARED), "the refused port gets it at last");
        assertEquals(List.of(), withoutA.problems());
    }

    @Test
    void anUnchangedStateChangesNoPortAndCountsStayRight() {
        ServicePort sticky = tcp("s", "10.96.0.3", 80).affinity(60).endpoints(local("10.244.1.5", 80)).build();
        PortTable table = PortTable.of(state(A, B, sticky));
        assertEquals(List.of(), table.delta(state(A, B, sticky)).changes());
        // entries 1+1 (A: VIP, external) + 1 (B: VIP) + 1 (sticky), slots 2 + 1, hairpin 1, cluster range 1
        assertEquals(9, table.elementCount());
        table.apply(table.delta(state(B)));
        assertEquals(Map.of(new PickChain(1, MasqueradePolicy.OUTSIDE_CLUSTER), 1, new PickChain(1,
                MasqueradePolicy.ALWAYS), 1), table.pickUses());
        assertEquals(Map.of(), table.hairpinUses());
        assertEquals(5, table.elementCount(), "B now holds the shared entry too");
    }

    @Test
    void newNodeAddressesChangeOnlyNodePortServices() {
        ServicePort nodePort = tcp("np", "10.96.0.4", 80).nodePort(30080).endpoints(ep("10.244.1.2", 80)).build();
        PortTable table = PortTable.of(state(List.of("192.168.50.1"), List.of(), A, nodePort));
        TableDelta delta = table.delta(state(List.of("192.168.50.2"), List.of(), A, nodePort));
        assertEquals(1, delta.changes().size());
        assertEquals("default/np/tcp", delta.changes().get(0).key().toString());
    }

    private static Map<EntryKey, String> dispatch(PortTable table, String service) {
        return table.ports().stream().filter(rules -> rules.source().key().service().equals(service)).findFirst()
                .orElseThrow().dispatch();
    }
}
