package dev.orchestrator.api.scheduler;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** A consistent, read-only view of the nodes and the pods on them, taken at the start of a cycle. */
@ProviderType
public interface ClusterSnapshot {

    /** @return every node, in a stable order */
    List<NodeInfo> nodes();

    Optional<NodeInfo> node(String name);

    /**
     * @return the nodes that hold pods with required anti-affinity (usually few), so that every
     *         incoming pod can be checked against them without visiting every node
     */
    List<NodeInfo> nodesWithAntiAffinityPods();
}
