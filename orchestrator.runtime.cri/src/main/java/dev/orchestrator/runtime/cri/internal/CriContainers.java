package dev.orchestrator.runtime.cri.internal;

import dev.orchestrator.api.runtime.ContainerConfig;
import dev.orchestrator.api.runtime.ContainerStats;
import dev.orchestrator.api.runtime.ContainerStatus;
import dev.orchestrator.api.runtime.Containers;
import dev.orchestrator.api.runtime.NotFoundException;
import dev.orchestrator.api.runtime.SandboxConfig;
import dev.orchestrator.runtime.cri.internal.v1.Container;
import dev.orchestrator.runtime.cri.internal.v1.ContainerFilter;
import dev.orchestrator.runtime.cri.internal.v1.ContainerStatusRequest;
import dev.orchestrator.runtime.cri.internal.v1.CreateContainerRequest;
import dev.orchestrator.runtime.cri.internal.v1.ListContainerStatsRequest;
import dev.orchestrator.runtime.cri.internal.v1.ListContainersRequest;
import dev.orchestrator.runtime.cri.internal.v1.RemoveContainerRequest;
import dev.orchestrator.runtime.cri.internal.v1.ReopenContainerLogRequest;
import dev.orchestrator.runtime.cri.internal.v1.StartContainerRequest;
import dev.orchestrator.runtime.cri.internal.v1.StopContainerRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Containers} over CRI CreateContainer … ListContainerStats. */
final class CriContainers implements Containers {

    private static final Logger LOG = LoggerFactory.getLogger(CriContainers.class);

    private final CriChannel cri;
    private final CriTimeouts timeouts;
    /**
     * The last full status of each container by id. A list call gives only id and state; while the
     * state is the same, the full status (times, exit code) has not changed either, so a kubelet
     * relisting every second costs one ListContainers call instead of one status call per container.
     */
    private final Map<String, ContainerStatus> known = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, ContainerStatus> eldest) {
                    return size() > 20_000;
                }
            });

    CriContainers(CriChannel cri, CriTimeouts timeouts) {
        this.cri = cri;
        this.timeouts = timeouts;
    }

    @Override
    public String create(String sandboxId, ContainerConfig config, SandboxConfig sandbox) {
        CreateContainerRequest request = CreateContainerRequest.newBuilder().setPodSandboxId(sandboxId)
                .setConfig(ContainerMapping.toCri(config, sandbox.hostNetwork()))
                .setSandboxConfig(SandboxMapping.toCri(sandbox)).build();
        String id = cri.runtime("CreateContainer", timeouts.call(), s -> s.createContainer(request)).getContainerId();
        LOG.info("container created id={} sandbox={} name={} attempt={}", id, sandboxId, config.name(),
                config.attempt());
        return id;
    }

    @Override
    public void start(String containerId) {
        cri.runtime("StartContainer", timeouts.call(),
                s -> s.startContainer(StartContainerRequest.newBuilder().setContainerId(containerId).build()));
    }

    /** Stop with the grace period in whole seconds (rounded up); an unknown container counts as stopped. */
    @Override
    public void stop(String containerId, Duration grace) {
        long seconds = CriTimeouts.ceilSeconds(grace);
        try {
            cri.runtime("StopContainer", timeouts.beyond(seconds), s -> s.stopContainer(
                    StopContainerRequest.newBuilder().setContainerId(containerId).setTimeout(seconds).build()));
        } catch (NotFoundException e) {
            LOG.debug("container to stop is gone id={}", containerId);
        }
    }

    @Override
    public void remove(String containerId) {
        known.remove(containerId);
        try {
            cri.runtime("RemoveContainer", timeouts.slow(), s -> s.removeContainer(
                    RemoveContainerRequest.newBuilder().setContainerId(containerId).build()));
        } catch (NotFoundException e) {
            LOG.debug("container to remove is gone id={}", containerId);
        }
    }

    @Override
    public void reopenLog(String containerId) {
        cri.runtime("ReopenContainerLog", timeouts.call(), s -> s.reopenContainerLog(
                ReopenContainerLogRequest.newBuilder().setContainerId(containerId).build()));
    }

    /** The status reply does not name the sandbox, so a filtered list call supplies it. */
    @Override
    public ContainerStatus status(String containerId) {
        List<Container> found = listCri(ContainerFilter.newBuilder().setId(containerId).build());
        String sandboxId = found.isEmpty() ? "" : found.get(0).getPodSandboxId();
        return status(containerId, sandboxId);
    }

    private ContainerStatus status(String containerId, String sandboxId) {
        var reply = cri.runtime("ContainerStatus", timeouts.call(), s -> s.containerStatus(
                ContainerStatusRequest.newBuilder().setContainerId(containerId).build()));
        if (!reply.hasStatus()) {
            throw new NotFoundException("container " + containerId + " not found");
        }
        return ContainerMapping.fromCri(reply.getStatus(), sandboxId);
    }

    /** Lists matching containers with one status call each (for the times); vanished ones are left out. */
    @Override
    public List<ContainerStatus> list(Optional<String> sandboxId, Map<String, String> labels) {
        ContainerFilter.Builder filter = ContainerFilter.newBuilder().putAllLabelSelector(labels);
        sandboxId.ifPresent(filter::setPodSandboxId);
        List<ContainerStatus> result = new ArrayList<>();
        for (Container c : listCri(filter.build())) {
            ContainerStatus last = known.get(c.getId());
            if (last != null && last.state() == ContainerMapping.state(c.getState())) {
                result.add(last);
                continue;
            }
            try {
                ContainerStatus current = status(c.getId(), c.getPodSandboxId());
                if (current.state() == ContainerStatus.State.RUNNING || current.state() == ContainerStatus.State.EXITED) {
                    known.put(c.getId(), current);
                }
                result.add(current);
            } catch (NotFoundException e) {
                LOG.debug("listed container vanished id={}", c.getId());
            }
        }
        return List.copyOf(result);
    }

    private List<Container> listCri(ContainerFilter filter) {
        return cri.runtime("ListContainers", timeouts.call(),
                s -> s.listContainers(ListContainersRequest.newBuilder().setFilter(filter).build())).getContainersList();
    }

    @Override
    public List<ContainerStats> stats() {
        return cri.runtime("ListContainerStats", timeouts.call(),
                        s -> s.listContainerStats(ListContainerStatsRequest.getDefaultInstance()))
                .getStatsList().stream().map(ContainerMapping::fromCri).toList();
    }
}
