package dev.orchestrator.controllers.internal.nodeipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeRangesTest {

    private static final ClusterCidr CLUSTER = ClusterCidr.parse("10.244.0.0/16", 24);

    @Test
    void theClusterRangeIsCutIntoNodeRanges() {
        assertEquals(256, CLUSTER.size());
        assertEquals("10.244.0.0/24", CLUSTER.nodeRange(0));
        assertEquals("10.244.255.0/24", CLUSTER.nodeRange(255));
        ClusterCidr small = ClusterCidr.parse("192.168.128.0/17", 26);
        assertEquals(512, small.size());
        assertEquals("192.168.128.64/26", small.nodeRange(1));
        assertEquals("192.168.255.192/26", small.nodeRange(511));
    }

    @Test
    void badClusterRangesAreRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClusterCidr.parse("10.244.0.0", 24))
                .getMessage().contains("must be an IPv4 CIDR"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClusterCidr.parse("10.244.1.0/16", 24))
                .getMessage().contains("host bits"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClusterCidr.parse("10.244.0.0/16", 8))
                .getMessage().contains("node mask size"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClusterCidr.parse("fd00::/48", 64))
                .getMessage().contains("IPv4"));
    }

    @Test
    void rangesTouchTheNodeRangesTheyShareAddressesWith() {
        assertEquals(List.of(3, 3), touched("10.244.3.0/24"));
        assertEquals(List.of(3, 3), touched("10.244.3.128/25"));
        assertEquals(List.of(4, 7), touched("10.244.4.0/22"));
        assertEquals(List.of(0, 255), touched("10.0.0.0/8"));
        assertEquals(List.of(), touched("10.128.0.0/24"));
        assertEquals(List.of(), touched("not a cidr"));
        assertEquals(List.of(3, 3), touched("10.244.3.1/24"));
    }

    @Test
    void theLowestFreeRangeIsHandedOutAndOverlapsCount() {
        NodeRanges ranges = new NodeRanges(CLUSTER, List.of(node("a", "10.244.0.0/24", 1), node("b", "10.244.2.0/23", 2),
                node("c", "", 3), node("hollow", "10.128.0.0/24", 4)));
        assertEquals(Optional.of("10.244.1.0/24"), ranges.firstFree());
        ranges.reserve("10.244.1.0/24");
        assertEquals(Optional.of("10.244.4.0/24"), ranges.firstFree());
        assertEquals(4, ranges.used());
    }

    @Test
    void noRangeIsLeftWhenAllAreTaken() {
        ClusterCidr tiny = ClusterCidr.parse("10.244.0.0/23", 24);
        NodeRanges ranges = new NodeRanges(tiny, List.of(node("a", "10.244.0.0/24", 1), node("b", "10.244.1.0/24", 2)));
        assertEquals(Optional.empty(), ranges.firstFree());
    }

    @Test
    void overlappingNodesAreFoundAndTheEarlierHoldsTheRange() {
        Node first = node("first", "10.244.5.0/24", 1);
        Node second = node("second", "10.244.5.0/25", 2);
        Node elsewhere = node("elsewhere", "10.244.6.0/24", 3);
        NodeRanges ranges = new NodeRanges(CLUSTER, List.of(second, first, elsewhere));
        assertEquals(List.of(first), ranges.overlapping(second));
        assertEquals(List.of(second), ranges.overlapping(first));
        assertEquals(List.of(), ranges.overlapping(elsewhere));
        assertTrue(NodeRanges.claimsFirst(first, second));
        assertFalse(NodeRanges.claimsFirst(second, first));
    }

    @Test
    void onlyWellFormedIpv4RangesAreRead() {
        assertEquals(List.of(3, 3), touched(" 10.244.3.0/24 "));
        assertEquals(List.of(0, 255), touched("0.0.0.0/0"));
        for (String bad : List.of("10.244.3/24", "10.244.3.0.1/24", "10.244.3.0/", "/24", "10.244.3.0/033", "10.244.3.0/33",
                "256.244.3.0/24", "10.244.-3.0/24", "10.244..0/24", "10.244.3.0/2a", "10.244.3.0", "")) {
            assertEquals(List.of(), touched(bad), bad);
        }
    }

    private static List<Integer> touched(String cidr) {
        return CLUSTER.touched(cidr).map(r -> List.of(r[0], r[1])).orElse(List.of());
    }

    private static Node node(String name, String cidr, int minute) {
        return new NodeBuilder().withNewMetadata().withName(name)
                .withCreationTimestamp(String.format("2026-12-03T10:%02d:00Z", minute)).endMetadata()
                .withNewSpec().withPodCIDR(cidr.isEmpty() ? null : cidr).endSpec().build();
    }
}
