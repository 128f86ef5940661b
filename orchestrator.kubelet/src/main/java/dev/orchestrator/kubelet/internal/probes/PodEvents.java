package dev.orchestrator.kubelet.internal.probes;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Where probes report what happened to a pod: the kubelet's events (Unhealthy, Killing). */
@FunctionalInterface
public interface PodEvents {

    void record(HasMetadata about, boolean warning, String reason, String message);
}
