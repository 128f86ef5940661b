package dev.orchestrator.scheduler.internal;

import dev.orchestrator.api.scheduler.ClusterSnapshot;
import dev.orchestrator.api.scheduler.NodeInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An immutable view of the node cache, taken once per cycle. */
record Snapshot(List<NodeInfo> nodes, Map<String, Integer> index, List<NodeInfo> nodesWithAntiAffinityPods)
        implements ClusterSnapshot {

    static final Snapshot EMPTY = new Snapshot(List.of(), Map.of(), List.of());

    @Override
    public Optional<NodeInfo> node(String name) {
        Integer i = index.get(name);
        return i == null ? Optional.empty() : Optional.of(nodes.get(i));
    }
}
