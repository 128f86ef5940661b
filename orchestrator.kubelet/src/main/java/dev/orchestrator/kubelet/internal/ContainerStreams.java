package dev.orchestrator.kubelet.internal;

import dev.orchestrator.api.runtime.ContainerExec;
import dev.orchestrator.api.runtime.ContainerStatus;
import dev.orchestrator.api.runtime.SandboxStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Where the runtime serves a streaming session (exec, attach, port-forward) of one of this kubelet's pods:
 * the URL its streaming server gives for the running container (or the pod's ready sandbox), which the
 * kubelet's endpoint then tunnels to. Refusals carry the code and words a kubectl user understands.
 */
final class ContainerStreams {

    private final BiFunction<String, String, Optional<Pod>> pods;
    private final PodRuntimeCalls calls;
    private final String node;

    ContainerStreams(BiFunction<String, String, Optional<Pod>> pods, PodRuntimeCalls calls, String node) {
        this.pods = pods;
        this.calls = calls;
        this.node = node;
    }

    URI exec(String namespace, String name, String container, List<String> command, ContainerExec.StreamOptions o) {
        if (command.isEmpty()) {
            throw new KubeletRequestException(400, "you must specify at least one command for the container");
        }
        Pod pod = pod(namespace, name);
        String id = running(pod, container);
        return calls.call(pod, rt -> rt.exec().exec(id, command, o));
    }

    URI attach(String namespace, String name, String container, ContainerExec.StreamOptions o) {
        Pod pod = pod(namespace, name);
        String id = running(pod, container);
        return calls.call(pod, rt -> rt.exec().attach(id, o));
    }

    URI portForward(String namespace, String name, List<Integer> ports) {
        Pod pod = pod(namespace, name);
        String sandbox = calls.call(pod, rt -> rt.sandboxes().list(Map.of(RuntimeLabels.POD_UID, pod.getMetadata().getUid()))
                .stream().filter(s -> s.state() == SandboxStatus.State.READY).map(SandboxStatus::id).findFirst())
                .orElseThrow(() -> new KubeletRequestException(400, "pod \"" + name + "\" has no running sandbox "
                        + "on node " + node + " to forward ports into"));
        return calls.call(pod, rt -> rt.exec().portForward(sandbox, ports));
    }

    private Pod pod(String namespace, String name) {
        return pods.apply(namespace, name).orElseThrow(() -> new KubeletRequestException(404,
                "pod \"" + name + "\" in namespace \"" + namespace + "\" is not on node " + node));
    }

    /** The id of the newest instance of the container, which must be running. */
    private String running(Pod pod, String container) {
        String name = pod.getMetadata().getName();
        List<ContainerStatus> instances = calls.call(pod, rt -> rt.containers().list(Optional.empty(),
                Map.of(RuntimeLabels.POD_UID, pod.getMetadata().getUid(), RuntimeLabels.CONTAINER_NAME, container)))
                .stream().sorted(Comparator.comparingInt(ContainerStatus::attempt)
                        .thenComparing(ContainerStatus::createdAt).reversed()).toList();
        if (instances.isEmpty()) {
            throw new KubeletRequestException(400, "container \"" + container + "\" in pod \"" + name
                    + "\" has not been created");
        }
        ContainerStatus newest = instances.get(0);
        if (newest.state() != ContainerStatus.State.RUNNING) {
            throw new KubeletRequestException(400, "container \"" + container + "\" in pod \"" + name
                    + "\" is not running (" + newest.state().name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        return newest.id();
    }
}
