package dev.orchestrator.kubelet.internal;

import dev.orchestrator.api.runtime.ContainerStatus;
import dev.orchestrator.api.runtime.SandboxStatus;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the runtime holds of one pod, found by the pod-uid label: its sandboxes and containers.
 * This, not the kubelet's memory, is the truth about what runs, which is what lets a new kubelet
 * adopt a running pod.
 */
record PodRuntimeState(List<SandboxStatus> sandboxes, List<ContainerStatus> containers) {

    static final PodRuntimeState EMPTY = new PodRuntimeState(List.of(), List.of());

    PodRuntimeState {
        sandboxes = List.copyOf(sandboxes);
        containers = List.copyOf(containers);
    }

    /** The newest sandbox (highest attempt, then newest). */
    Optional<SandboxStatus> sandbox() {
        return sandboxes.stream().max(Comparator.comparingInt(SandboxStatus::attempt)
                .thenComparing(SandboxStatus::createdAt));
    }

    /** The newest container of that name (highest attempt, then newest). */
    Optional<ContainerStatus> latest(String name) {
        return ofName(name).max(ORDER);
    }

    /** The container of that name before the newest one, for lastState. */
    Optional<ContainerStatus> previous(String name) {
        return ofName(name).sorted(ORDER.reversed()).skip(1).findFirst();
    }

    /** Containers of that name other than the newest. */
    List<ContainerStatus> olderThanLatest(String name) {
        return ofName(name).sorted(ORDER.reversed()).skip(1).toList();
    }

    boolean anyRunning() {
        return containers.stream().anyMatch(c -> c.state() == ContainerStatus.State.RUNNING);
    }

    boolean isEmpty() {
        return sandboxes.isEmpty() && containers.isEmpty();
    }

    private java.util.stream.Stream<ContainerStatus> ofName(String name) {
        return containers.stream().filter(c -> name.equals(c.name()));
    }

    private static final Comparator<ContainerStatus> ORDER = Comparator.comparingInt(ContainerStatus::attempt)
            .thenComparing(ContainerStatus::createdAt);
}
