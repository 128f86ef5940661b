package dev.orchestrator.kubelet.internal;

import java.util.Map;
import java.util.function.Supplier;

/**
 * What one kubelet serves on its node's HTTP endpoint: its containers' logs, streaming sessions into them,
 * and the usage of the node and its pods (Summary API and resource metrics).
 */
record NodeApi(String nodeName, ContainerLogLocator logs, ContainerStreams streams, Supplier<Map<String, Object>> summary,
               Supplier<UsageSample> usage) {

    /** Whether the pod is one of this node's. */
    boolean has(String namespace, String name) {
        return logs.has(namespace, name);
    }
}
