package dev.orchestrator.controllers.internal.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Failure domains and how sick they are. A zone where most nodes fail at once more likely lost its network than
 * its machines, so evicting everything from it would only overload the rest: Kubernetes slows evictions in a
 * partially disrupted zone, and stops them (and lifts the NoExecute taints) when every zone looks dead, which
 * says more about the control plane's own connectivity than about the nodes.
 */
final class Zones {

    static final String ZONE_LABEL = "topology.kubernetes.io/zone";
    static final String REGION_LABEL = "topology.kubernetes.io/region";

    enum State { NORMAL, PARTIAL_DISRUPTION, FULL_DISRUPTION }

    /** The limits that turn a zone's state into a rate of nodes tainted NoExecute per second. */
    record Limits(double evictionRate, double secondaryEvictionRate, double unhealthyThreshold, int largeClusterSize) {
    }

    private Zones() {
    }

    /** A node's zone: its region and zone labels (nodes without them share one zone). */
    static String zoneOf(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        return labels.getOrDefault(REGION_LABEL, "") + "/" + labels.getOrDefault(ZONE_LABEL, "");
    }

    static Map<String, List<Node>> byZone(Collection<Node> nodes) {
        return nodes.stream().collect(Collectors.groupingBy(Zones::zoneOf));
    }

    /** Kubernetes' rule: no ready node left is a full disruption; more than 2 and at least the threshold not ready, partial. */
    static State state(Collection<Node> zone, double unhealthyThreshold) {
        long ready = zone.stream().filter(Zones::ready).count();
        long notReady = zone.size() - ready;
        if (ready == 0 && notReady > 0) {
            return State.FULL_DISRUPTION;
        }
        if (notReady > 2 && (double) notReady / zone.size() >= unhealthyThreshold) {
            return State.PARTIAL_DISRUPTION;
        }
        return State.NORMAL;
    }

    /** Nodes per second a zone may newly taint NoExecute. */
    static double rate(State state, int zoneSize, Limits limits) {
        return switch (state) {
            case NORMAL, FULL_DISRUPTION -> limits.evictionRate();
            case PARTIAL_DISRUPTION -> zoneSize > limits.largeClusterSize() ? limits.secondaryEvictionRate() : 0;
        };
    }

    /** Whether every zone is fully disrupted: then nothing is evicted anywhere. */
    static boolean allFullyDisrupted(Map<String, List<Node>> zones, double unhealthyThreshold) {
        return !zones.isEmpty() && zones.values().stream().allMatch(z -> state(z, unhealthyThreshold) == State.FULL_DISRUPTION);
    }

    static boolean ready(Node node) {
        return node.getStatus() != null
                && StaleNodeStatus.status(node.getStatus().getConditions(), "Ready").filter("True"::equals).isPresent();
    }
}
