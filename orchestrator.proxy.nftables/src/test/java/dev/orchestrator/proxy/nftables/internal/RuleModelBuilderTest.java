package dev.orchestrator.proxy.nftables.internal;

import static dev.orchestrator.proxy.nftables.internal.States.ep;
import static dev.orchestrator.proxy.nftables.internal.States.state;
import static dev.orchestrator.proxy.nftables.internal.States.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.proxy.ProxyState.Protocol;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleModelBuilderTest {

    @Test
    void leavesOutWhatNftCouldNotTakeAndSaysWhy() {
        RuleModel model = RuleModelBuilder.build(state(List.of("192.168.50.1", "fe80::1"), List.of("10.244.0.0/16",
                "10.244.0.0"), tcp("v6", "fd00::10", 80).endpoints(ep("10.244.1.2", 80)).build(),
                tcp("badep", "10.96.0.2", 80).endpoints(ep("10.244.1.300", 80), ep("10.244.1.3", 0),
                        ep("10.244.1.4", 80)).build()));
        assertEquals(Map.of(new EntryKey("10.96.0.2", Protocol.TCP, 80), "goto pick-1-vip"), model.dispatch());
        assertEquals(List.of("192.168.50.1"), model.nodeAddresses());
        assertEquals(List.of("10.244.0.0/16"), model.clusterCidrs());
        assertEquals(5, model.problems().size(), model.problems().toString());
    }

    @Test
    void theFirstServicePortKeepsAClashingEntry() {
        RuleModel model = RuleModelBuilder.build(state(
                tcp("a", "10.96.0.1", 80).externalIp("203.0.113.1").endpoints(ep("10.244.1.2", 80)).build(),
                tcp("b", "10.96.0.2", 80).externalIp("203.0.113.1").endpoints(ep("10.244.1.3", 80)).build()));
        assertEquals(new Backend("10.244.1.2", 80), model.slot(0).get(new EntryKey("203.0.113.1", Protocol.TCP, 80)));
        assertTrue(model.problems().get(0).contains("already belongs to default/a/tcp"), model.problems().toString());
    }

    @Test
    void headlessServicesAndDuplicateEndpointsAddNothingOdd() {
        RuleModel model = RuleModelBuilder.build(state(
                tcp("headless", null, 80).endpoints(ep("10.244.1.2", 80)).build(),
                tcp("dup", "10.96.0.3", 80).endpoints(ep("10.244.1.2", 80), ep("10.244.1.2", 80)).build()));
        assertEquals(1, model.dispatch().size());
        assertEquals(1, model.slots().size(), "a repeated endpoint is one slot");
        assertEquals(3, model.elementCount(), "entry, slot, cluster range");
    }
}
