package dev.orchestrator.proxy.iptables.internal;

import static dev.orchestrator.proxy.iptables.internal.Ports.state;
import static dev.orchestrator.proxy.iptables.internal.Ports.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.proxy.ProxyState.Endpoint;
import dev.orchestrator.api.proxy.ProxyState.ServicePort;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SyncPlannerTest {

    private final ChainNames names = new ChainNames("ORCH");
    private final TopLevelRules renderer = new TopLevelRules(names, IptablesSettings.defaults());

    private final ServicePort web = tcp("web", "10.96.0.10", 80, 30080, "10.244.0.2:80", "10.244.0.3:80");
    private final ServicePort api = tcp("api", "10.96.0.11", 443, 0, "10.244.0.4:443");

    private static final String EMPTY_NAT = "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n"
            + ":OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\nCOMMIT\n";
    private static final String EMPTY_FILTER = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n"
            + ":OUTPUT ACCEPT [0:0]\nCOMMIT\n";

    @Test
    void fullSyncWritesEverythingFilterFirstAndInsertsTheJumps() {
        String text = SyncPlanner.full(renderer.render(state(web, api)), null, saved(EMPTY_NAT, EMPTY_FILTER),
                renderer.jumps()).script().text();
        assertTrue(text.startsWith("*filter\n:ORCH-NODEPORTS - [0:0]\n:ORCH-SERVICES - [0:0]\n"),
                "chains are declared in name order: " + text);
        assertTrue(text.indexOf("*nat") > text.indexOf("COMMIT"));
        for (String chain : List.of("ORCH-SERVICES", "ORCH-NODEPORTS", "ORCH-MARK-MASQ", "ORCH-MASQ-NONCLUSTER",
                "ORCH-POSTROUTING", names.service(web.key()), names.external(web.key()), names.service(api.key()))) {
            assertTrue(text.contains("\n:" + chain + " - [0:0]\n"), chain);
        }
        assertTrue(text.contains("-I PREROUTING 1 -m comment --comment \"orchestrator service portals\" -j ORCH-SERVICES\n"));
        assertTrue(text.contains("-I OUTPUT 1 -m comment --comment \"orchestrator service portals\" -j ORCH-SERVICES\n"));
        assertTrue(text.contains("-I POSTROUTING 1 -m comment --comment \"orchestrator service masquerade\" -j ORCH-POSTROUTING\n"));
        assertTrue(text.contains("-I FORWARD 1 -m conntrack --ctstate NEW -m comment"));
        assertTrue(text.contains("-A ORCH-SERVICES -d 10.250.0.1/32 -m comment --comment \"node ports\" -j ORCH-NODEPORTS\n"));
        assertTrue(text.contains("-A ORCH-SERVICES -d 127.0.0.1/32 -m comment --comment \"node ports\" -j ORCH-NODEPORTS\n"));
        assertTrue(text.contains("-A ORCH-MASQ-NONCLUSTER -s 10.244.0.0/16 -j RETURN\n-A ORCH-MASQ-NONCLUSTER -j ORCH-MARK-MASQ\n"));
        assertTrue(text.contains("-A ORCH-MARK-MASQ -j MARK --or-mark 0x4000\n"));
        String natServices = text.substring(text.indexOf("*nat"));
        assertTrue(natServices.indexOf("-A ORCH-SERVICES -j ORCH-MASQ-NONCLUSTER\n")
                < natServices.indexOf("-A ORCH-SERVICES -d 10.96.0.10/32"), "non-cluster sources are marked first");
        assertTrue(natServices.contains("-A ORCH-SERVICES -d 127.0.0.1/32 -m comment --comment \"node ports\" -j ORCH-NODEPORTS\n"
                + "-A ORCH-SERVICES -m comment --comment \"no service\" -j MARK --and-mark 0xffffbfff\n"),
                "and unmarked at the end when no service took the packet");
        assertTrue(text.contains("-A ORCH-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN\n"
                + "-A ORCH-POSTROUTING -j MARK --xor-mark 0x4000\n"));
        assertFalse(text.contains("-X "));
    }

    @Test
    void fullSyncKeepsPresentJumpsAndDeletesOnlyStaleOwnedChains() {
        String nat = "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n"
                + ":ORCH-SERVICES - [0:0]\n:ORCH-POSTROUTING - [0:0]\n:ORCH-SVC-AAAAAAAAAAAAAAAA - [0:0]\n"
                + ":ORCH-FORWARD - [0:0]\n:KUBE-SERVICES - [0:0]\n"
                + "-A PREROUTING -m comment --comment \"orchestrator service portals\" -j ORCH-SERVICES\n"
                + "-A OUTPUT -j ORCH-SERVICES\n-A POSTROUTING -j ORCH-POSTROUTING\nCOMMIT\n";
        String text = SyncPlanner.full(renderer.render(state(web)), null, saved(nat, EMPTY_FILTER), renderer.jumps())
                .script().text();
        assertFalse(text.contains("-I PREROUTING"));
        assertFalse(text.contains("-I OUTPUT 1 -m comment"), "the nat OUTPUT jump exists");
        assertFalse(text.contains("-I POSTROUTING"));
        assertTrue(text.contains("-I INPUT 1"), "filter jumps are missing");
        assertTrue(text.contains("-X ORCH-SVC-AAAAAAAAAAAAAAAA\n"));
        assertFalse(text.contains("ORCH-FORWARD"));
        assertFalse(text.contains("KUBE-SERVICES"));
    }

    @Test
    void partialSyncRewritesOnlyTheChangedPort() {
        RuleSet before = renderer.render(state(web, api));
        ServicePort webShrunk = tcp("web", "10.96.0.10", 80, 30080, "10.244.0.2:80");
        SyncPlanner.Plan plan = changes(renderer.render(state(webShrunk, api)), before);
        String text = plan.script().text();
        assertEquals(1, plan.portsWritten());
        assertEquals(0, plan.portsRemoved());
        assertTrue(text.contains(":" + names.service(web.key()) + " - [0:0]"));
        assertTrue(text.contains(":" + names.external(web.key()) + " - [0:0]"));
        String gone = names.endpoint(web.key(), new Endpoint("10.244.0.3", 80, true));
        assertTrue(text.contains("-X " + gone + "\n"));
        assertFalse(text.contains(":" + names.endpoint(web.key(), new Endpoint("10.244.0.2", 80, true))),
                "an unchanged endpoint chain stays as it is");
        assertFalse(text.contains(names.service(api.key())), "another service is not touched");
        assertFalse(text.contains("ORCH-SERVICES"), "no top-level chain changed");
        assertFalse(text.contains("*filter"));
    }

    @Test
    void partialSyncDeletesRemovedPortsAndRewritesTheTopChainsThatChanged() {
        RuleSet before = renderer.render(state(web, api));
        SyncPlanner.Plan plan = changes(renderer.render(state(web)), before);
        String text = plan.script().text();
        assertEquals(0, plan.portsWritten());
        assertEquals(1, plan.portsRemoved());
        assertTrue(text.contains("-D ORCH-SERVICES -d 10.96.0.11/32 -p tcp --dport 443 -j " + names.service(api.key())
                + "\n"), text);
        assertFalse(text.contains(":ORCH-SERVICES"), "the services chain is patched, not rewritten");
        assertTrue(text.indexOf("-D ORCH-SERVICES") < text.indexOf("-X " + names.service(api.key()) + "\n"));
        assertTrue(text.contains("-X " + names.endpoint(api.key(), new Endpoint("10.244.0.4", 443, true)) + "\n"));
        assertFalse(text.contains("-A ORCH-SERVICES -d 10.96.0.11/32"));
        assertFalse(text.contains("ORCH-POSTROUTING"));
    }

    @Test
    void partialSyncOfAnEmptiedServiceMovesItToFilterReject() {
        RuleSet before = renderer.render(state(api));
        String text = changes(renderer.render(state(tcp("api", "10.96.0.11", 443, 0))), before)
                .script().text();
        assertTrue(text.startsWith("*filter\n-I ORCH-SERVICES 1 -d 10.96.0.11/32 -p tcp --dport 443"), text);
        assertTrue(text.contains("-D ORCH-SERVICES -d 10.96.0.11/32 -p tcp --dport 443"), "out of nat");
        assertTrue(text.contains("-j REJECT --reject-with tcp-reset"));
        assertTrue(text.contains("-X " + names.service(api.key())));
    }

    @Test
    void renderingReusesTheRulesOfUnchangedPorts() {
        RuleSet before = renderer.render(state(web, api));
        ServicePort apiMoved = tcp("api", "10.96.0.11", 443, 0, "10.244.0.9:443");
        RuleSet after = renderer.render(state(web, apiMoved), Map.of(web.key(), web, api.key(), api), before);
        assertSame(before.ports().get(web.key()), after.ports().get(web.key()));
        assertEquals(renderer.render(state(web, apiMoved)), after);
    }

    @Test
    void oneMovedEndpointRewritesOnlyItsServiceChainAndSwapsTheEndpointChains() {
        ServicePort one = tcp("one", "10.96.0.12", 80, 0, "10.244.0.5:8080", "10.244.0.6:8080");
        ServicePort moved = tcp("one", "10.96.0.12", 80, 0, "10.244.0.5:8080", "10.244.0.7:8080");
        RuleSet before = renderer.render(state(web, api, one));
        RuleSet after = renderer.render(state(web, api, moved),
                Map.of(web.key(), web, api.key(), api, one.key(), one), before);
        String svc = names.service(one.key());
        String kept = names.endpoint(one.key(), new Endpoint("10.244.0.5", 8080, true));
        String gone = names.endpoint(one.key(), new Endpoint("10.244.0.6", 8080, true));
        String added = names.endpoint(one.key(), new Endpoint("10.244.0.7", 8080, true));
        SortedSet<String> declared = new TreeSet<>(List.of(svc, gone, added));
        StringBuilder expected = new StringBuilder("*nat\n");
        declared.forEach(chain -> expected.append(':').append(chain).append(" - [0:0]\n"));
        expected.append("-A ").append(svc).append(" -m statistic --mode random --probability 0.5000000000 -j ")
                .append(kept).append('\n')
                .append("-A ").append(svc).append(" -j ").append(added).append('\n')
                .append("-A ").append(added).append(" -s 10.244.0.7/32 -j ORCH-MARK-MASQ\n")
                .append("-A ").append(added).append(" -p tcp -j DNAT --to-destination 10.244.0.7:8080\n")
                .append("-X ").append(gone).append('\n')
                .append("COMMIT\n");
        assertEquals(expected.toString(), changes(after, before).script().text(),
                "no shared chain, no other service, no filter table: the kernel's work is this service");
        assertSame(before.top(Table.NAT).get(names.services()), after.top(Table.NAT).get(names.services()),
                "the shared chains are not gathered again");
    }

    @Test
    void aChangedHeadRuleRewritesTheChainInsteadOfPatchingAroundIt() {
        RuleSet before = renderer.render(state(web, api));
        RuleSet after = new RuleSet(before.ports(), Map.of(Table.FILTER, before.top(Table.FILTER), Table.NAT,
                Map.of(names.services(), List.of("-j SOMETHING-ELSE", "-d 10.96.0.10/32 -p tcp --dport 80 -j X"))),
                before.nodeAddresses(), before.clusterCidrs());
        String text = changes(after, before).script().text();
        assertTrue(text.contains(":ORCH-SERVICES - [0:0]\n-A ORCH-SERVICES -j SOMETHING-ELSE\n"), text);
        assertFalse(text.contains("-I ORCH-SERVICES"));
    }

    @Test
    void nothingChangedWritesNothing() {
        RuleSet rules = renderer.render(state(web, api));
        assertTrue(changes(renderer.render(state(web, api)), rules).script().isEmpty());
    }

    @Test
    void removalDeletesJumpsAndOwnedChainsOnly() {
        String nat = "*nat\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n"
                + ":ORCH-SERVICES - [0:0]\n:ORCH-FORWARD - [0:0]\n:ORCH-SEP-BBBBBBBBBBBBBBBB - [0:0]\n"
                + "-A PREROUTING -m comment --comment \"orchestrator service portals\" -j ORCH-SERVICES\n"
                + "-A PREROUTING -j ORCH-FORWARD\n-A ORCH-SERVICES -j ORCH-SEP-BBBBBBBBBBBBBBBB\nCOMMIT\n";
        String text = SyncPlanner.removal(saved(nat, EMPTY_FILTER)).text();
        assertEquals("*nat\n:ORCH-SEP-BBBBBBBBBBBBBBBB - [0:0]\n:ORCH-SERVICES - [0:0]\n"
                + "-D PREROUTING -m comment --comment \"orchestrator service portals\" -j ORCH-SERVICES\n"
                + "-X ORCH-SERVICES\n-X ORCH-SEP-BBBBBBBBBBBBBBBB\nCOMMIT\n", text);
    }

    @Test
    void anAddedServiceIsInsertedIntoTheServicesChainWhichIsNotRewritten() {
        RuleSet before = renderer.render(state(web, api));
        ServicePort db = tcp("db", "10.96.0.12", 5432, 0, "10.244.0.5:5432");
        String text = changes(renderer.render(state(web, api, db)), before).script().text();
        assertEquals("*nat\n:" + names.endpoint(db.key(), new Endpoint("10.244.0.5", 5432, true)) + " - [0:0]\n"
                + ":" + names.service(db.key()) + " - [0:0]\n", text.substring(0, text.indexOf("-A ")),
                "chains are declared in name order (ORCH-SEP before ORCH-SVC)");
        assertTrue(text.contains("-I ORCH-SERVICES 2 -d 10.96.0.12/32 -p tcp --dport 5432 -j " + names.service(db.key())
                + "\n"), "after the head rule that marks non-cluster sources: " + text);
    }

    @Test
    void aChainMostlyChangedIsRewrittenRatherThanPatched() {
        RuleSet before = renderer.render(state(api, tcp("db", "10.96.0.12", 5432, 0, "10.244.0.5:5432"),
                tcp("mq", "10.96.0.13", 5672, 0, "10.244.0.6:5672")));
        String text = changes(renderer.render(state(web)), before).script().text();
        assertTrue(text.contains(":ORCH-SERVICES - [0:0]\n"), text);
        assertFalse(text.contains("-D ORCH-SERVICES"));
    }

    private SyncPlanner.Plan changes(RuleSet desired, RuleSet last) {
        return SyncPlanner.changes(desired, last, renderer.patchable());
    }

    private Map<Table, SavedRules> saved(String nat, String filter) {
        Map<Table, SavedRules> saved = new EnumMap<>(Table.class);
        saved.put(Table.NAT, SavedRules.parse(Table.NAT, nat, names));
        saved.put(Table.FILTER, SavedRules.parse(Table.FILTER, filter, names));
        return saved;
    }
}
