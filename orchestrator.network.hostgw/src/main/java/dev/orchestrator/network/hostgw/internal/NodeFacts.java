package dev.orchestrator.network.hostgw.internal;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The part of a Node that decides its route: name, {@code spec.podCIDR} and the InternalIP addresses, in the
 * order the Node lists them. Comparing two of these tells whether an update of a Node (most are heartbeats and
 * condition changes) can change any route at all.
 *
 * @param podCidr as written in the Node, "" when it has none yet
 */
record NodeFacts(String name, String podCidr, List<String> internalIps) {

    NodeFacts {
        Objects.requireNonNull(name, "name");
        podCidr = podCidr == null ? "" : podCidr.trim();
        internalIps = List.copyOf(internalIps);
    }

    static NodeFacts of(Node node) {
        String name = node.getMetadata() == null ? "" : Objects.requireNonNullElse(node.getMetadata().getName(), "");
        String podCidr = node.getSpec() == null ? "" : node.getSpec().getPodCIDR();
        List<NodeAddress> addresses = node.getStatus() == null || node.getStatus().getAddresses() == null
                ? List.of() : node.getStatus().getAddresses();
        List<String> internal = addresses.stream()
                .filter(a -> a != null && "InternalIP".equals(a.getType()) && a.getAddress() != null)
                .map(a -> a.getAddress().trim())
                .toList();
        return new NodeFacts(name, podCidr, internal);
    }

    /** The first InternalIP that is an IPv4 address (a dual-stack node lists its IPv6 one too). */
    Optional<Integer> ipv4InternalIp() {
        for (String ip : internalIps) {
            try {
                return Optional.of(Ipv4Cidr.parseAddress(ip));
            } catch (IllegalArgumentException notIpv4) {
                // the next one may be
            }
        }
        return Optional.empty();
    }
}
