package dev.orchestrator.kubelet.internal.stats;

/** One network interface's cumulative counters, as the Summary API's {@code InterfaceStats}. */
public record InterfaceStats(String name, long rxBytes, long rxErrors, long txBytes, long txErrors) {
}
