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
}
