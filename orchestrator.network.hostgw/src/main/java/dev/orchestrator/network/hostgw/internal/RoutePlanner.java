package dev.orchestrator.network.hostgw.internal;

import dev.orchestrator.network.hostgw.internal.RouteSkip.Reason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Decides, from the Nodes and what this machine already has, which pod CIDRs to route where. Pure: the same
 * input gives the same plan, so every sync recomputes it whole (level-triggered).
 */
final class RoutePlanner {

    private final String nodeName;
    private final Ipv4Cidr clusterCidr;

    /**
     * @param nodeName this node: it needs no route to its own pods
     * @param clusterCidr only pod CIDRs inside it are routed, so a wrong Node cannot steer other traffic
     */
    RoutePlanner(String nodeName, Ipv4Cidr clusterCidr) {
        this.nodeName = nodeName;
        this.clusterCidr = clusterCidr;
    }

    RoutePlan plan(List<NodeFacts> nodes, KernelRoutes kernel) {
        Optional<Ipv4Cidr> own = nodes.stream().filter(n -> n.name().equals(nodeName)).findFirst()
                .flatMap(n -> Ipv4Cidr.tryParse(n.podCidr()));
        List<RouteSkip> skips = new ArrayList<>();
        List<NodeRoute> candidates = new ArrayList<>();
        for (NodeFacts node : nodes) {
            if (node.name().equals(nodeName)) {
                continue;
            }
            Optional<RouteSkip> skip = check(node, own, kernel);
            if (skip.isPresent()) {
                skips.add(skip.get());
            } else {
                candidates.add(new NodeRoute(Ipv4Cidr.parse(node.podCidr()), node.ipv4InternalIp().orElseThrow(),
                        node.name()));
            }
        }
        List<NodeRoute> routable = withoutOverlaps(candidates, skips);
        TreeMap<Ipv4Cidr, NodeRoute> routes = new TreeMap<>();
        for (NodeRoute route : routable) {
            if (kernel.claimedByOthers().contains(route.podCidr())) {
                // "ip route replace" matches on the destination alone and would overwrite someone else's route
                skips.add(new RouteSkip(route.node(), Reason.ROUTE_OF_OTHERS, route.podCidr().toString()));
            } else {
                routes.put(route.podCidr(), route);
            }
        }
        return new RoutePlan(routes, skips);
    }

    /** The first reason, in order of how wrong the Node is, why it gets no route; empty when it gets one. */
    private Optional<RouteSkip> check(NodeFacts node, Optional<Ipv4Cidr> own, KernelRoutes kernel) {
        if (node.podCidr().isEmpty()) {
            return skip(node, Reason.NO_POD_CIDR, "");
        }
        Optional<Ipv4Cidr> parsed = Ipv4Cidr.tryParse(node.podCidr());
        if (parsed.isEmpty()) {
            return skip(node, Reason.NOT_IPV4_CIDR, node.podCidr());
        }
        Ipv4Cidr podCidr = parsed.get();
        if (!clusterCidr.contains(podCidr)) {
            return skip(node, Reason.OUTSIDE_CLUSTER_CIDR, podCidr + " not in " + clusterCidr);
        }
        if (own.isPresent() && own.get().overlaps(podCidr)) {
            return skip(node, Reason.OVERLAPS_OWN, podCidr + " overlaps " + own.get());
        }
        Optional<Integer> gateway = node.ipv4InternalIp();
        if (gateway.isEmpty()) {
            return skip(node, Reason.NO_INTERNAL_IP, String.join(",", node.internalIps()));
        }
        if (kernel.localAddresses().contains(gateway.get())) {
            return skip(node, Reason.SAME_MACHINE, Ipv4Cidr.formatAddress(gateway.get()));
        }
        if (kernel.isConnected(podCidr)) {
            return skip(node, Reason.DIRECTLY_CONNECTED, podCidr.toString());
        }
        return Optional.empty();
    }

    private static Optional<RouteSkip> skip(NodeFacts node, Reason reason, String detail) {
        return Optional.of(new RouteSkip(node.name(), reason, detail));
    }

    /**
     * Drops every route whose pod CIDR overlaps another node's: two nodes claiming the same addresses is a
     * mistake only a person can settle, and routing either would send some pods' traffic to the wrong node.
     * One sweep over the CIDRs in address order finds each group of overlapping ones.
     */
    private static List<NodeRoute> withoutOverlaps(List<NodeRoute> candidates, List<RouteSkip> skips) {
        List<NodeRoute> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparing(NodeRoute::podCidr).thenComparing(NodeRoute::node));
        List<NodeRoute> kept = new ArrayList<>();
        List<NodeRoute> group = new ArrayList<>();
        long groupLast = -1;
        for (NodeRoute route : sorted) {
            if (!group.isEmpty() && route.podCidr().first() > groupLast) {
                settle(group, kept, skips);
                group.clear();
            }
            group.add(route);
            groupLast = Math.max(groupLast, route.podCidr().last());
        }
        settle(group, kept, skips);
        return kept;
    }

    private static void settle(List<NodeRoute> group, List<NodeRoute> kept, List<RouteSkip> skips) {
        if (group.size() == 1) {
            kept.add(group.get(0));
            return;
        }
        for (NodeRoute route : group) {
            String others = group.stream().filter(r -> r != route).map(r -> r.node() + "=" + r.podCidr())
                    .reduce((a, b) -> a + "," + b).orElse("");
            skips.add(new RouteSkip(route.node(), Reason.OVERLAPS_OTHER_NODE, route.podCidr() + " overlaps " + others));
        }
    }
}
