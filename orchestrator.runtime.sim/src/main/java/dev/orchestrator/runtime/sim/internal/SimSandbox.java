package dev.orchestrator.runtime.sim.internal;

import dev.orchestrator.api.runtime.SandboxConfig;
import dev.orchestrator.api.runtime.SandboxStatus;
import java.time.Instant;
import java.util.List;

/** One simulated pod sandbox; guarded by its {@link SimState}. */
final class SimSandbox {

    /** {@link #ipOffset} of a sandbox without an address (host network, or stopped). */
    static final int NO_IP = -1;

    final String id;
    final SandboxConfig config;
    final Instant createdAt;
    int ipOffset;
    boolean ready = true;

    SimSandbox(String id, SandboxConfig config, Instant createdAt, int ipOffset) {
        this.id = id;
        this.config = config;
        this.createdAt = createdAt;
        this.ipOffset = ipOffset;
    }

    SandboxStatus status(PodIpPool ips) {
        List<String> addresses = ipOffset == NO_IP ? List.of() : List.of(ips.address(ipOffset));
        return new SandboxStatus(id, config.name(), config.namespace(), config.uid(), config.attempt(),
                ready ? SandboxStatus.State.READY : SandboxStatus.State.NOT_READY, createdAt, addresses,
                config.labels(), config.annotations());
    }
}
