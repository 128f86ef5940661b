package dev.orchestrator.network.hostgw.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one read of this machine's main routing table and addresses found.
 *
 * @param ours the routes marked with our protocol number, by destination, with their gateway ("" when the
 *        route has none, or several next hops: either way not one we would have written)
 * @param connected destinations reached without a gateway (bridges, the node's own links)
 * @param claimedByOthers destinations of routes with another protocol and the default metric: {@code ip route
 *        replace} of the same destination would overwrite them
 * @param localAddresses the IPv4 addresses of this machine
 */
record KernelRoutes(Map<Ipv4Cidr, String> ours, List<Ipv4Cidr> connected, Set<Ipv4Cidr> claimedByOthers,
                    Set<Integer> localAddresses) {

    KernelRoutes {
        ours = Map.copyOf(ours);
        connected = List.copyOf(connected);
        claimedByOthers = Set.copyOf(claimedByOthers);
        localAddresses = Set.copyOf(localAddresses);
    }

    boolean isConnected(Ipv4Cidr podCidr) {
        return connected.stream().anyMatch(c -> c.contains(podCidr));
    }
}
