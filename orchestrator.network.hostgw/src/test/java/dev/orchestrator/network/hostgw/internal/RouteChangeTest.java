package dev.orchestrator.network.hostgw.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RouteChangeTest {

    private static NodeRoute route(String cidr, String gateway, String node) {
        return new NodeRoute(Ipv4Cidr.parse(cidr), Ipv4Cidr.parseAddress(gateway), node);
    }

    private static TreeMap<Ipv4Cidr, NodeRoute> wanted(NodeRoute... routes) {
        TreeMap<Ipv4Cidr, NodeRoute> map = new TreeMap<>();
        for (NodeRoute r : routes) {
            map.put(r.podCidr(), r);
        }
        return map;
    }

    @Test
    void addsMissingRepointsWrongDeletesStaleAndLeavesRightOnesAlone() {
        NodeRoute right = route("10.244.2.0/24", "10.245.0.2", "b");
        NodeRoute moved = route("10.244.3.0/24", "10.245.0.33", "c");
        NodeRoute added = route("10.244.4.0/24", "10.245.0.4", "d");
        List<RouteChange> changes = RouteChange.between(wanted(right, moved, added), Map.of(
                Ipv4Cidr.parse("10.244.2.0/24"), "10.245.0.2",
                Ipv4Cidr.parse("10.244.3.0/24"), "10.245.0.3",
                Ipv4Cidr.parse("10.244.8.0/24"), "10.245.0.8",
                Ipv4Cidr.parse("10.244.5.0/24"), ""));
        assertEquals(List.of(
                new RouteChange.Delete(Ipv4Cidr.parse("10.244.5.0/24")),
                new RouteChange.Delete(Ipv4Cidr.parse("10.244.8.0/24")),
                new RouteChange.Replace(moved),
                new RouteChange.Replace(added)), changes);
    }

    @Test
    void aRouteWithoutASingleGatewayIsRewritten() {
        NodeRoute route = route("10.244.2.0/24", "10.245.0.2", "b");
        assertEquals(List.of(new RouteChange.Replace(route)),
                RouteChange.between(wanted(route), Map.of(route.podCidr(), "")));
    }

    @Test
    void nothingWantedAndNothingThereIsNoChange() {
        assertEquals(List.of(), RouteChange.between(wanted(), Map.of()));
    }
}
