package dev.orchestrator.support.scheduling;

import dev.orchestrator.api.scheduler.ClusterSnapshot;
import dev.orchestrator.api.scheduler.NodeInfo;
import java.util.List;
import java.util.Optional;

/** A plain snapshot over a list of nodes, for tests and tools (the framework keeps an indexed one). */
public final class Snapshots {

    private Snapshots() {
    }

    public static ClusterSnapshot of(List<NodeInfo> nodes) {
        List<NodeInfo> copy = List.copyOf(nodes);
        return new ClusterSnapshot() {
            @Override
            public List<NodeInfo> nodes() {
                return copy;
            }

            @Override
            public Optional<NodeInfo> node(String name) {
                return copy.stream().filter(n -> n.name().equals(name)).findFirst();
            }

            @Override
            public List<NodeInfo> nodesWithAntiAffinityPods() {
                return copy.stream().filter(n -> !n.antiAffinityPods().isEmpty()).toList();
            }
        };
    }
}
