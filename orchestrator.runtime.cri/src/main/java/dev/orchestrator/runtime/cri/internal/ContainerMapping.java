package dev.orchestrator.runtime.cri.internal;

import dev.orchestrator.api.runtime.ContainerConfig;
import dev.orchestrator.api.runtime.ContainerStats;
import dev.orchestrator.api.runtime.ContainerStatus;
import dev.orchestrator.runtime.cri.internal.v1.ContainerMetadata;
import dev.orchestrator.runtime.cri.internal.v1.ContainerState;
import dev.orchestrator.runtime.cri.internal.v1.ImageSpec;
import dev.orchestrator.runtime.cri.internal.v1.Int64Value;
import dev.orchestrator.runtime.cri.internal.v1.KeyValue;
import dev.orchestrator.runtime.cri.internal.v1.LinuxContainerConfig;
import dev.orchestrator.runtime.cri.internal.v1.LinuxContainerResources;
import dev.orchestrator.runtime.cri.internal.v1.LinuxContainerSecurityContext;
import dev.orchestrator.runtime.cri.internal.v1.Mount;
import java.time.Instant;
import java.util.Optional;

/** Containers between the runtime API and CRI: {@link ContainerConfig} out, status and stats back. */
final class ContainerMapping {

    private ContainerMapping() {
    }

    /**
     * The CRI container configuration.
     *
     * @param hostNetwork whether the sandbox uses the node's network namespace (the container must join it too)
     */
    static dev.orchestrator.runtime.cri.internal.v1.ContainerConfig toCri(ContainerConfig c, boolean hostNetwork) {
        var b = dev.orchestrator.runtime.cri.internal.v1.ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder().setName(c.name()).setAttempt(c.attempt()))
                .setImage(ImageSpec.newBuilder().setImage(c.image()))
                .addAllCommand(c.command())
                .addAllArgs(c.args())
                .setWorkingDir(c.workingDir())
                .putAllLabels(c.labels())
                .putAllAnnotations(c.annotations())
                .setLogPath(c.logPath())
                .setStdin(c.stdin())
                .setStdinOnce(c.stdinOnce())
                .setTty(c.tty())
                .setLinux(LinuxContainerConfig.newBuilder()
                        .setResources(resources(c.resources()))
                        .setSecurityContext(security(c.security(), hostNetwork)));
        for (ContainerConfig.EnvVar e : c.env()) {
            b.addEnvs(KeyValue.newBuilder().setKey(e.name()).setValue(e.value()));
        }
        for (ContainerConfig.Mount m : c.mounts()) {
            b.addMounts(Mount.newBuilder().setContainerPath(m.containerPath()).setHostPath(m.hostPath())
                    .setReadonly(m.readOnly()));
        }
        return b.build();
    }

    static LinuxContainerResources resources(ContainerConfig.Resources r) {
        return LinuxContainerResources.newBuilder().setCpuShares(r.cpuShares()).setCpuQuota(r.cpuQuota())
                .setCpuPeriod(r.cpuPeriod()).setMemoryLimitInBytes(r.memoryLimitBytes()).build();
    }

    static LinuxContainerSecurityContext security(ContainerConfig.Security s, boolean hostNetwork) {
        var b = LinuxContainerSecurityContext.newBuilder()
                .setPrivileged(s.privileged())
                .setReadonlyRootfs(s.readOnlyRootFilesystem())
                .setNamespaceOptions(SandboxMapping.namespaces(hostNetwork));
        s.runAsUser().ifPresent(uid -> b.setRunAsUser(Int64Value.newBuilder().setValue(uid)));
        return b.build();
    }

    /**
     * A container's status.
     *
     * @param sandboxId the sandbox the container lives in (CRI's status reply does not say; the list reply does)
     */
    static ContainerStatus fromCri(dev.orchestrator.runtime.cri.internal.v1.ContainerStatus s, String sandboxId) {
        return new ContainerStatus(s.getId(), sandboxId, s.getMetadata().getName(), s.getMetadata().getAttempt(),
                state(s.getState()), s.getImage().getImage(), s.getImageRef(), SandboxMapping.instant(s.getCreatedAt()),
                optionalInstant(s.getStartedAt()), optionalInstant(s.getFinishedAt()), s.getExitCode(), s.getReason(),
                s.getMessage(), s.getLabelsMap(), s.getAnnotationsMap(), s.getLogPath());
    }

    static ContainerStatus.State state(ContainerState state) {
        return switch (state) {
            case CONTAINER_CREATED -> ContainerStatus.State.CREATED;
            case CONTAINER_RUNNING -> ContainerStatus.State.RUNNING;
            case CONTAINER_EXITED -> ContainerStatus.State.EXITED;
            default -> ContainerStatus.State.UNKNOWN;
        };
    }

    /** 0 means "not reached" in CRI. */
    static Optional<Instant> optionalInstant(long epochNanos) {
        return epochNanos <= 0 ? Optional.empty() : Optional.of(SandboxMapping.instant(epochNanos));
    }

    /** One container's usage; the sample time is the CPU reading's (the memory reading's, or now, if absent). */
    static ContainerStats fromCri(dev.orchestrator.runtime.cri.internal.v1.ContainerStats s) {
        long nanos = s.getCpu().getTimestamp() > 0 ? s.getCpu().getTimestamp() : s.getMemory().getTimestamp();
        Instant at = nanos > 0 ? SandboxMapping.instant(nanos) : Instant.now();
        return new ContainerStats(s.getAttributes().getId(), at, s.getCpu().getUsageCoreNanoSeconds().getValue(),
                s.getMemory().getWorkingSetBytes().getValue());
    }
}
