package dev.orchestrator.proxy.nftables.internal;

import static dev.orchestrator.proxy.nftables.internal.States.ep;
import static dev.orchestrator.proxy.nftables.internal.States.state;
import static dev.orchestrator.proxy.nftables.internal.States.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AffinityMemoryTest {

    // what nft 1.0.6 prints for `nft -j list sets table ip orch`
    private static final String LISTING = "{\"nftables\": [{\"metainfo\": {\"version\": \"1.0.6\", \"release_name\": "
            + "\"Lester Gooch #5\", \"json_schema_version\": 1}}, {\"set\": {\"family\": \"ip\", \"name\": "
            + "\"aff-1-a\", \"table\": \"orch\", \"type\": \"ipv4_addr\", \"handle\": 1, \"flags\": [\"timeout\"], "
            + "\"timeout\": 600, \"elem\": [{\"elem\": {\"val\": \"10.0.0.1\", \"expires\": 599}}, {\"elem\": "
            + "{\"val\": \"10.0.0.2\", \"timeout\": 100, \"expires\": 99}}, {\"elem\": {\"val\": \"10.0.0.3\", "
            + "\"expires\": 0}}]}}, {\"set\": {\"family\": \"ip\", \"name\": \"hairpin\", \"table\": \"orch\", "
            + "\"type\": [\"ipv4_addr\", \"ipv4_addr\"], \"handle\": 2, \"elem\": [{\"concat\": [\"1.1.1.1\", "
            + "\"1.1.1.1\"]}]}}, {\"set\": {\"family\": \"ip\", \"name\": \"aff-2-b\", \"table\": \"orch\", "
            + "\"type\": \"ipv4_addr\", \"handle\": 3, \"flags\": [\"timeout\"], \"timeout\": 60}}]}";

    @Test
    void readsTheClientsOfTheWantedSetsWithTheTimeTheyHaveLeft() {
        assertEquals(Map.of("aff-1-a", List.of(new AffinityMemory.Client("10.0.0.1", 599),
                        new AffinityMemory.Client("10.0.0.2", 99))),
                AffinityMemory.parse(LISTING, Set.of("aff-1-a", "aff-2-b", "aff-9-z")));
        assertEquals(Map.of(), AffinityMemory.parse(LISTING, Set.of("hairpin")));
    }

    @Test
    void aFullRewritePutsRememberedClientsBack() {
        PortTable table = PortTable.of(state(tcp("sticky", "10.96.0.30", 80).affinity(600)
                .endpoints(ep("10.244.1.2", 80)).build()));
        AffinityGroup group = table.ports().iterator().next().groups().get(0);
        String set = group.endpointChain(group.backends().get(0));
        String script = FullScript.write(NftablesSettings.defaults(), table,
                Map.of(set, List.of(new AffinityMemory.Client("192.168.50.7", 42))));
        assertTrue(script.contains("add set ip orch " + set + " { type ipv4_addr; flags dynamic,timeout; "
                + "timeout 600s; }\nadd chain ip orch " + set + "\n"), script);
        assertTrue(script.contains("add element ip orch " + set + " {\n  192.168.50.7 expires 42s\n}\n"), script);
    }
}
