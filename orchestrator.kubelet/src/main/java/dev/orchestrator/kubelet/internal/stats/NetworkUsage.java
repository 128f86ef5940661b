package dev.orchestrator.kubelet.internal.stats;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The network counters of a node or pod at one moment: every interface that counts, and which of them is
 * the default one (the Summary API repeats its counters at the top of {@code network}).
 *
 * @param defaultName the default interface's name (Kubernetes' {@code eth0} for pods), empty for none
 */
public record NetworkUsage(Instant time, String defaultName, List<InterfaceStats> interfaces) {

    public NetworkUsage {
        interfaces = List.copyOf(interfaces);
    }

    public Optional<InterfaceStats> defaultInterface() {
        return interfaces.stream().filter(i -> i.name().equals(defaultName)).findFirst();
    }
}
