package dev.orchestrator.kubelet.internal.probes;

import dev.orchestrator.api.runtime.ContainerRuntime;
import io.fabric8.kubernetes.api.model.Container;
import java.util.Optional;

/**
 * What one probe run aims at: the container (its spec for named ports, its runtime id for exec),
 * the pod's IP for network probes (empty while the sandbox has none) and the runtime.
 */
record ProbeTarget(Container spec, String containerId, Optional<String> podIp, ContainerRuntime runtime) {
}
