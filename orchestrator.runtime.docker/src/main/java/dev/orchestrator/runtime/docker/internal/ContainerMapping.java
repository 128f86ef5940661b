package dev.orchestrator.runtime.docker.internal;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.MemoryStatsConfig;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.StatsConfig;
import com.github.dockerjava.api.model.Volume;
import dev.orchestrator.api.runtime.ContainerConfig;
import dev.orchestrator.api.runtime.ContainerStats;
import dev.orchestrator.api.runtime.ContainerStatus;
import dev.orchestrator.api.runtime.SandboxConfig;
import java.time.Instant;
import java.util.Map;

/** Containers between the runtime API and docker: host configuration out, status and stats back. */
final class ContainerMapping {

    private ContainerMapping() {
    }

    /**
     * Namespaces as CRI shares them: network and IPC of the sandbox (the node's network for host-network pods, which
     * the pause container has), a PID namespace of its own; the pod's cgroup parent; binds, limits and privileges.
     */
    static HostConfig hostConfig(ContainerConfig c, SandboxConfig sandbox, String pauseId) {
        HostConfig h = HostConfig.newHostConfig()
                .withNetworkMode("container:" + pauseId)
                .withIpcMode("container:" + pauseId)
                .withPrivileged(c.security().privileged())
                .withReadonlyRootfs(c.security().readOnlyRootFilesystem())
                .withBinds(c.mounts().stream().map(m -> new Bind(m.hostPath(), new Volume(m.containerPath()),
                        m.readOnly() ? AccessMode.ro : AccessMode.rw)).toList());
        if (sandbox.cgroupParent() != null && !sandbox.cgroupParent().isBlank()) {
            h.withCgroupParent(sandbox.cgroupParent());
        }
        ContainerConfig.Resources r = c.resources();
        if (r.cpuShares() > 0) {
            h.withCpuShares((int) Math.min(r.cpuShares(), Integer.MAX_VALUE));
        }
        if (r.cpuQuota() > 0) {
            h.withCpuQuota(r.cpuQuota());
        }
        if (r.cpuPeriod() > 0) {
            h.withCpuPeriod(r.cpuPeriod());
        }
        if (r.memoryLimitBytes() > 0) {
            // no swap beyond the limit, as the kubelet asks of every runtime
            h.withMemory(r.memoryLimitBytes()).withMemorySwap(r.memoryLimitBytes());
        }
        return h;
    }

    static ContainerStatus status(InspectContainerResponse i) {
        Map<String, String> labels = i.getConfig().getLabels();
        InspectContainerResponse.ContainerState s = i.getState();
        ContainerStatus.State state = state(s.getStatus());
        int exitCode = s.getExitCodeLong() == null ? 0 : s.getExitCodeLong().intValue();
        String reason = "";
        String message = "";
        if (state == ContainerStatus.State.EXITED) {
            if (Boolean.TRUE.equals(s.getOOMKilled())) {
                reason = "OOMKilled";
            } else {
                reason = exitCode == 0 ? "Completed" : "Error";
            }
            message = s.getError() == null ? "" : s.getError();
        }
        return new ContainerStatus(i.getId(), DockerLabels.get(labels, DockerLabels.SANDBOX_ID),
                DockerLabels.get(labels, DockerLabels.CONTAINER_NAME), DockerLabels.attempt(labels), state,
                i.getConfig().getImage(), i.getImageId(), DockerTimes.parseOrEpoch(i.getCreated()),
                state == ContainerStatus.State.CREATED ? java.util.Optional.empty() : DockerTimes.parse(s.getStartedAt()),
                state == ContainerStatus.State.EXITED ? DockerTimes.parse(s.getFinishedAt()) : java.util.Optional.empty(),
                exitCode, reason, message, DockerLabels.labels(labels), DockerLabels.annotations(labels),
                DockerLabels.get(labels, DockerLabels.LOG_PATH));
    }

    /** Docker's container states: created; running (paused and restarting count as running); exited, dead. */
    static ContainerStatus.State state(String dockerState) {
        if (dockerState == null) {
            return ContainerStatus.State.UNKNOWN;
        }
        return switch (dockerState) {
            case "created" -> ContainerStatus.State.CREATED;
            case "running", "paused", "restarting" -> ContainerStatus.State.RUNNING;
            case "exited", "dead" -> ContainerStatus.State.EXITED;
            default -> ContainerStatus.State.UNKNOWN;
        };
    }

    /**
     * Cumulative CPU time and working set (usage minus inactive file pages, as the kubelet computes it: cgroup v1
     * reports {@code total_inactive_file}, v2 {@code inactive_file}).
     */
    static ContainerStats stats(String id, Statistics s) {
        long cpu = s.getCpuStats() == null || s.getCpuStats().getCpuUsage() == null
                || s.getCpuStats().getCpuUsage().getTotalUsage() == null ? 0 : s.getCpuStats().getCpuUsage().getTotalUsage();
        long workingSet = 0;
        MemoryStatsConfig m = s.getMemoryStats();
        if (m != null && m.getUsage() != null) {
            long inactive = 0;
            StatsConfig st = m.getStats();
            if (st != null) {
                inactive = st.getTotalInactiveFile() != null ? st.getTotalInactiveFile()
                        : st.getInactiveFile() != null ? st.getInactiveFile() : 0;
            }
            workingSet = Math.max(0, m.getUsage() - inactive);
        }
        Instant at = DockerTimes.parse(s.getRead()).orElseGet(Instant::now);
        return new ContainerStats(id, at, cpu, workingSet);
    }
}
