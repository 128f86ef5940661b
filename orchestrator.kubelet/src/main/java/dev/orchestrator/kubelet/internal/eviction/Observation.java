package dev.orchestrator.kubelet.internal.eviction;

/** What is available of a signal's resource on the node, out of its capacity (bytes or counts). */
public record Observation(Signal signal, long available, long capacity) {
}
