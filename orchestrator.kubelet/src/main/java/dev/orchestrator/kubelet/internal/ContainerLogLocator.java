package dev.orchestrator.kubelet.internal;

import dev.orchestrator.api.runtime.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;

/**
 * Finds the log file of a container of one of this kubelet's pods, from what the runtime holds (by
 * the pod-uid and container-name labels): the newest container of that name, or the one before it
 * for {@code previous} (the kubelet keeps one previous container, see ContainerLauncher).
 */
final class ContainerLogLocator {

    /** A container's current log file and whether the container still runs (to end a follow). */
    record LogSource(Path file, BooleanSupplier running) {
    }

    private final BiFunction<String, String, Optional<Pod>> pods;
    private final PodRuntimeCalls calls;
    private final String node;

    /** @param pods a pod of this node by namespace and name */
    ContainerLogLocator(BiFunction<String, String, Optional<Pod>> pods, PodRuntimeCalls calls, String node) {
        this.pods = pods;
        this.calls = calls;
        this.node = node;
    }

    /** Whether the pod is one of this node's. */
    boolean has(String namespace, String name) {
        return pods.apply(namespace, name).isPresent();
    }

    LogSource locate(String namespace, String name, String container, boolean previous) {
        Pod pod = pods.apply(namespace, name).orElseThrow(() -> new KubeletRequestException(404,
                "pod \"" + name + "\" in namespace \"" + namespace + "\" is not on node " + node));
        List<ContainerStatus> instances = calls.call(pod, rt -> rt.containers().list(Optional.empty(),
                Map.of(RuntimeLabels.POD_UID, pod.getMetadata().getUid(), RuntimeLabels.CONTAINER_NAME, container)))
                .stream()
                .sorted(Comparator.comparingInt(ContainerStatus::attempt).thenComparing(ContainerStatus::createdAt).reversed())
                .toList();
        int index = previous ? 1 : 0;
        if (instances.size() <= index || instances.get(index).logPath().isEmpty()) {
            throw new KubeletRequestException(400, previous
                    ? "previous terminated container \"" + container + "\" in pod \"" + name + "\" not found"
                    : "container \"" + container + "\" in pod \"" + name + "\" is waiting to start: ContainerCreating");
        }
        ContainerStatus chosen = instances.get(index);
        return new LogSource(Path.of(chosen.logPath()), () -> isRunning(pod, chosen.id()));
    }

    private boolean isRunning(Pod pod, String containerId) {
        try {
            return calls.call(pod, rt -> rt.containers().status(containerId).state() == ContainerStatus.State.RUNNING);
        } catch (KubeletRequestException e) {
            return false;
        }
    }
}
