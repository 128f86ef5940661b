package dev.orchestrator.controllers.internal.nodeipam;

import io.fabric8.kubernetes.api.model.Node;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which node ranges of the cluster range the nodes hold, read from the nodes themselves (their
 * {@code spec.podCIDR}): the allocator keeps no record of its own, so a restart, a second master or a
 * restore sees the same picture. A node range is taken when any node's range shares an address with it
 * (a kubelet may have been given a range by hand). Ranges outside the cluster range (a hollow fleet's) are
 * not the allocator's business and are ignored.
 */
final class NodeRanges {

    private static final Comparator<Node> CLAIM = Comparator
            .comparing((Node n) -> String.valueOf(n.getMetadata().getCreationTimestamp()))
            .thenComparing(n -> n.getMetadata().getName());

    private final ClusterCidr cluster;
    private final BitSet taken = new BitSet();
    private final List<Node> holders = new ArrayList<>();

    NodeRanges(ClusterCidr cluster, Collection<Node> nodes) {
        this.cluster = cluster;
        for (Node node : nodes) {
            cluster.touched(podCidr(node)).ifPresent(range -> {
                taken.set(range[0], range[1] + 1);
                holders.add(node);
            });
        }
    }

    /** Marks a range handed out but not yet seen in the nodes read. */
    void reserve(String cidr) {
        cluster.touched(cidr).ifPresent(range -> taken.set(range[0], range[1] + 1));
    }

    /** The lowest free node range, if any is left. */
    Optional<String> firstFree() {
        int i = taken.nextClearBit(0);
        return i < cluster.size() ? Optional.of(cluster.nodeRange(i)) : Optional.empty();
    }

    /** How many node ranges are held. */
    int used() {
        return taken.cardinality();
    }

    /** The other nodes whose ranges share addresses with {@code node}'s. */
    List<Node> overlapping(Node node) {
        Optional<int[]> mine = cluster.touched(podCidr(node));
        if (mine.isEmpty()) {
            return List.of();
        }
        return holders.stream()
                .filter(other -> !other.getMetadata().getName().equals(node.getMetadata().getName()))
                .filter(other -> cluster.touched(podCidr(other))
                        .filter(theirs -> theirs[0] <= mine.get()[1] && mine.get()[0] <= theirs[1]).isPresent())
                .toList();
    }

    /** Whether {@code a} has the better claim to a range it shares with {@code b}: created earlier, then by name. */
    static boolean claimsFirst(Node a, Node b) {
        return CLAIM.compare(a, b) < 0;
    }

    static String podCidr(Node node) {
        return node.getSpec() == null || node.getSpec().getPodCIDR() == null ? "" : node.getSpec().getPodCIDR();
    }
}
