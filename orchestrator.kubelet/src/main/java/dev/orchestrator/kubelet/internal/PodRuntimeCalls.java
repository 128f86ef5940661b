package dev.orchestrator.kubelet.internal;

import dev.orchestrator.api.runtime.ContainerRuntime;
import dev.orchestrator.api.runtime.ContainerRuntimeException;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.function.Function;

/**
 * Calls, for a request about one pod (logs, exec, attach, port-forward), the runtime the pod runs on: its
 * RuntimeClass' handler or the node's default. What goes wrong becomes a {@link KubeletRequestException} a kubectl
 * user understands.
 */
final class PodRuntimeCalls {

    private final PodRuntimes runtimes;
    private final String node;

    PodRuntimeCalls(PodRuntimes runtimes, String node) {
        this.runtimes = runtimes;
        this.node = node;
    }

    <T> T call(Pod pod, Function<ContainerRuntime, T> what) {
        ContainerRuntime rt;
        try {
            rt = runtimes.forPod(pod).orElse(null);
        } catch (PodRuntimes.NoRuntime e) {
            throw new KubeletRequestException(400, "pod \"" + pod.getMetadata().getName() + "\" has no runtime on node "
                    + node + ": " + e.getMessage());
        }
        if (rt == null) {
            throw new KubeletRequestException(503, "the container runtime of node " + node + " is not available");
        }
        try {
            return what.apply(rt);
        } catch (ContainerRuntimeException e) {
            throw new KubeletRequestException(503, "the container runtime of node " + node + " failed: "
                    + e.getMessage());
        }
    }
}
