package dev.orchestrator.proxy.iptables.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.proxy.ProxyState.Endpoint;
import dev.orchestrator.api.proxy.ProxyState.PortKey;
import dev.orchestrator.api.proxy.ProxyState.Protocol;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ChainNamesTest {

    private final PortKey key = new PortKey("a-very-long-namespace-name", "a-very-long-service-name", "https", Protocol.TCP);
    private final Endpoint endpoint = new Endpoint("10.244.1.7", 8443, true);

    @ParameterizedTest
    @ValueSource(strings = {"ORCH", "K", "ABCDEFGH"})
    void namesFitIptablesAndAreOwned(String prefix) {
        ChainNames names = new ChainNames(prefix);
        for (String chain : new String[] {names.service(key), names.external(key), names.endpoint(key, endpoint),
            names.services(), names.nodePorts(), names.postrouting(), names.markMasq(), names.masqNonCluster()}) {
            assertTrue(chain.length() <= ChainNames.MAX_LENGTH, chain);
            assertTrue(chain.startsWith(prefix + "-"), chain);
            assertTrue(names.owns(chain), chain);
        }
    }

    @Test
    void namesAreTheSameInEveryInstanceAndDifferPerThing() {
        ChainNames a = new ChainNames("ORCH");
        ChainNames b = new ChainNames("ORCH");
        assertEquals(a.service(key), b.service(key));
        assertEquals(a.endpoint(key, endpoint), b.endpoint(key, endpoint));
        assertNotEquals(a.service(key), a.external(key));
        assertNotEquals(a.endpoint(key, endpoint), a.endpoint(key, new Endpoint("10.244.1.7", 8444, true)));
        assertNotEquals(a.service(key), a.service(new PortKey(key.namespace(), key.service(), key.portName(),
                Protocol.UDP)));
        assertEquals(25, a.service(key).length());
    }

    @Test
    void chainsOfOthersAreNotOwned() {
        ChainNames names = new ChainNames("ORCH");
        assertFalse(names.owns("ORCH-FORWARD"));
        assertFalse(names.owns("ORCH-SVC-short"));
        assertFalse(names.owns("KUBE-SERVICES"));
        assertFalse(names.owns("PREROUTING"));
        assertFalse(new ChainNames("ORCH2").owns(names.services()));
    }
}
