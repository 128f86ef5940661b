package dev.orchestrator.network.hostgw.internal;

import static dev.orchestrator.network.hostgw.internal.TestNodes.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeFactsTest {

    @Test
    void takesNamePodCidrAndInternalIpsOnly() {
        NodeFacts facts = NodeFacts.of(node("b", "10.244.2.0/24", "10.245.0.2"));
        assertEquals(new NodeFacts("b", "10.244.2.0/24", List.of("10.245.0.2")), facts);
        assertEquals(Optional.of(Ipv4Cidr.parseAddress("10.245.0.2")), facts.ipv4InternalIp());
    }

    @Test
    void aNodeWithoutSpecOrStatusHasNoFacts() {
        NodeFacts facts = NodeFacts.of(new NodeBuilder().withNewMetadata().withName("bare").endMetadata().build());
        assertEquals(new NodeFacts("bare", "", List.of()), facts);
        assertEquals(Optional.empty(), facts.ipv4InternalIp());
    }

    @Test
    void aHeartbeatChangesNoFactsAnAddressChangeDoes() {
        Node before = node("b", "10.244.2.0/24", "10.245.0.2");
        Node heartbeat = new NodeBuilder(before).editStatus().addNewCondition().withType("Ready").withStatus("True")
                .withLastHeartbeatTime("2026-12-03T17:00:00Z").endCondition().endStatus().build();
        assertEquals(NodeFacts.of(before), NodeFacts.of(heartbeat));
        assertNotEquals(NodeFacts.of(before), NodeFacts.of(node("b", "10.244.2.0/24", "10.245.0.20")));
        assertNotEquals(NodeFacts.of(before), NodeFacts.of(node("b", "10.244.3.0/24", "10.245.0.2")));
    }
}
