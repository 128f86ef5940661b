package dev.orchestrator.network.hostgw.internal;

import static dev.orchestrator.network.hostgw.internal.TestNodes.facts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.network.hostgw.internal.RouteSkip.Reason;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RoutePlannerTest {

    /** This machine: address 10.245.0.1 on its link, its own bridge 10.244.1.0/24, a second bridge 10.244.9.0/24. */
    private static final KernelRoutes MACHINE = new KernelRoutes(Map.of(),
            List.of(Ipv4Cidr.parse("10.245.0.0/24"), Ipv4Cidr.parse("10.244.1.0/24"), Ipv4Cidr.parse("10.244.9.0/24")),
            Set.of(Ipv4Cidr.parse("10.245.0.0/24"), Ipv4Cidr.parse("10.244.1.0/24"), Ipv4Cidr.parse("10.244.9.0/24"),
                    Ipv4Cidr.parse("10.244.66.0/24")),
            Set.of(Ipv4Cidr.parseAddress("10.245.0.1"), Ipv4Cidr.parseAddress("10.244.1.1")));

    private static final NodeFacts SELF = facts("a", "10.244.1.0/24", "10.245.0.1");

    private final RoutePlanner planner = new RoutePlanner("a", Ipv4Cidr.parse("10.244.0.0/16"));

    @Test
    void routesEveryOtherNodesPodCidrThroughItsInternalIp() {
        RoutePlan plan = planner.plan(List.of(SELF, facts("b", "10.244.2.0/24", "10.245.0.2"),
                facts("c", "10.244.3.0/24", "fd00::3", "10.245.0.3")), MACHINE);
        assertEquals(List.of("10.244.2.0/24 via 10.245.0.2 (node b)", "10.244.3.0/24 via 10.245.0.3 (node c)"),
                plan.routes().values().stream().map(NodeRoute::toString).toList());
        assertEquals(List.of(), plan.skips());
    }

    static Stream<Arguments> skippedNodes() {
        return Stream.of(
                Arguments.of(facts("b", "", "10.245.0.2"), Reason.NO_POD_CIDR),
                Arguments.of(facts("b", "fd00:1::/64", "10.245.0.2"), Reason.NOT_IPV4_CIDR),
                Arguments.of(facts("b", "10.244.2.5/24", "10.245.0.2"), Reason.NOT_IPV4_CIDR),
                Arguments.of(facts("b", "banana", "10.245.0.2"), Reason.NOT_IPV4_CIDR),
                Arguments.of(facts("b", "10.99.2.0/24", "10.245.0.2"), Reason.OUTSIDE_CLUSTER_CIDR),
                Arguments.of(facts("b", "10.0.0.0/8", "10.245.0.2"), Reason.OUTSIDE_CLUSTER_CIDR),
                Arguments.of(facts("b", "10.244.1.0/24", "10.245.0.2"), Reason.OVERLAPS_OWN),
                Arguments.of(facts("b", "10.244.1.128/25", "10.245.0.2"), Reason.OVERLAPS_OWN),
                Arguments.of(facts("b", "10.244.0.0/20", "10.245.0.2"), Reason.OVERLAPS_OWN),
                Arguments.of(facts("b", "10.244.2.0/24"), Reason.NO_INTERNAL_IP),
                Arguments.of(facts("b", "10.244.2.0/24", "fd00::2"), Reason.NO_INTERNAL_IP),
                Arguments.of(facts("b", "10.244.2.0/24", "10.245.0.1"), Reason.SAME_MACHINE),
                Arguments.of(facts("b", "10.244.2.0/24", "10.244.1.1"), Reason.SAME_MACHINE),
                Arguments.of(facts("b", "10.244.9.0/24", "10.245.0.9"), Reason.DIRECTLY_CONNECTED),
                Arguments.of(facts("b", "10.244.9.128/25", "10.245.0.9"), Reason.DIRECTLY_CONNECTED),
                Arguments.of(facts("b", "10.244.66.0/24", "10.245.0.66"), Reason.ROUTE_OF_OTHERS));
    }

    @ParameterizedTest
    @MethodSource("skippedNodes")
    void skipsANodeThatMustNotOrNeedNotBeRouted(NodeFacts node, Reason reason) {
        RoutePlan plan = planner.plan(List.of(SELF, node, facts("ok", "10.244.4.0/24", "10.245.0.4")), MACHINE);
        assertEquals(List.of(reason), plan.skips().stream().map(RouteSkip::reason).toList());
        assertEquals(List.of("ok"), plan.routes().values().stream().map(NodeRoute::node).toList(),
                "the other nodes are routed all the same");
    }

    @Test
    void nodesClaimingOverlappingPodCidrsAreAllSkipped() {
        RoutePlan plan = planner.plan(List.of(SELF,
                facts("b", "10.244.2.0/24", "10.245.0.2"),
                facts("c", "10.244.2.0/24", "10.245.0.3"),
                facts("d", "10.244.16.0/20", "10.245.0.4"),
                facts("e", "10.244.17.0/24", "10.245.0.5"),
                facts("f", "10.244.40.0/24", "10.245.0.6")), MACHINE);
        assertEquals(List.of("f"), plan.routes().values().stream().map(NodeRoute::node).toList());
        assertEquals(Set.of("b", "c", "d", "e"), Set.copyOf(plan.skips().stream().map(RouteSkip::node).toList()));
        assertTrue(plan.skips().stream().allMatch(s -> s.reason() == Reason.OVERLAPS_OTHER_NODE));
    }

    @Test
    void withoutItsOwnNodeListedThisNodeStillRoutesTheOthers() {
        RoutePlan plan = planner.plan(List.of(facts("b", "10.244.2.0/24", "10.245.0.2")), MACHINE);
        assertEquals(1, plan.routes().size());
    }

    @Test
    void aPodCidrInsideAWiderClusterCidrCounts() {
        RoutePlanner wide = new RoutePlanner("a", Ipv4Cidr.parse("10.0.0.0/8"));
        RoutePlan plan = wide.plan(List.of(SELF, facts("b", "10.99.2.0/24", "10.245.0.2")), MACHINE);
        assertEquals(1, plan.routes().size());
    }
}
