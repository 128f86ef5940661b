package dev.orchestrator.network.hostgw.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/** One change to the routing table that brings our routes to the plan. */
sealed interface RouteChange {

    /** Adds the route, or points an existing route of ours to the right gateway. */
    record Replace(NodeRoute route) implements RouteChange {
    }

    /** Removes a route of ours that no node wants any more. */
    record Delete(Ipv4Cidr podCidr) implements RouteChange {
    }

    /**
     * The changes from the routes we have to the routes we want: deletions first, so a pod CIDR that moved to
     * another node is free before the new route is written; routes already right are left alone.
     *
     * @param existing our routes in the kernel, destination to gateway
     */
    static List<RouteChange> between(SortedMap<Ipv4Cidr, NodeRoute> wanted, Map<Ipv4Cidr, String> existing) {
        List<RouteChange> changes = new ArrayList<>();
        existing.keySet().stream().filter(cidr -> !wanted.containsKey(cidr)).sorted()
                .forEach(cidr -> changes.add(new Delete(cidr)));
        for (NodeRoute route : wanted.values()) {
            if (!route.gatewayText().equals(existing.get(route.podCidr()))) {
                changes.add(new Replace(route));
            }
        }
        return changes;
    }
}
