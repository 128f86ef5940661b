package dev.orchestrator.network.hostgw.internal;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The routes this node wants, by pod CIDR, and the nodes that get none.
 */
record RoutePlan(SortedMap<Ipv4Cidr, NodeRoute> routes, List<RouteSkip> skips) {

    RoutePlan {
        routes = new TreeMap<>(routes);
        skips = List.copyOf(skips);
    }
}
