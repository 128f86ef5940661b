package dev.orchestrator.runtime.cri.internal;

import dev.orchestrator.api.runtime.NotFoundException;
import dev.orchestrator.api.runtime.PodSandboxes;
import dev.orchestrator.api.runtime.SandboxConfig;
import dev.orchestrator.api.runtime.SandboxStatus;
import dev.orchestrator.runtime.cri.internal.v1.ListPodSandboxRequest;
import dev.orchestrator.runtime.cri.internal.v1.PodSandbox;
import dev.orchestrator.runtime.cri.internal.v1.PodSandboxFilter;
import dev.orchestrator.runtime.cri.internal.v1.PodSandboxState;
import dev.orchestrator.runtime.cri.internal.v1.PodSandboxStatusRequest;
import dev.orchestrator.runtime.cri.internal.v1.RemovePodSandboxRequest;
import dev.orchestrator.runtime.cri.internal.v1.RunPodSandboxRequest;
import dev.orchestrator.runtime.cri.internal.v1.StopPodSandboxRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link PodSandboxes} over CRI RunPodSandbox … ListPodSandbox. */
final class CriSandboxes implements PodSandboxes {

    private static final Logger LOG = LoggerFactory.getLogger(CriSandboxes.class);

    private final CriChannel cri;
    private final CriTimeouts timeouts;
    /** Status of ready sandboxes by id: a ready sandbox's addresses do not change while it stays ready. */
    private final Map<String, SandboxStatus> ready = new java.util.concurrent.ConcurrentHashMap<>();

    CriSandboxes(CriChannel cri, CriTimeouts timeouts) {
        this.cri = cri;
        this.timeouts = timeouts;
    }

    @Override
    public String run(SandboxConfig config) {
        RunPodSandboxRequest request = RunPodSandboxRequest.newBuilder().setConfig(SandboxMapping.toCri(config))
                .setRuntimeHandler(config.runtimeHandler() == null ? "" : config.runtimeHandler()).build();
        String id = cri.runtime("RunPodSandbox", timeouts.call(), s -> s.runPodSandbox(request)).getPodSandboxId();
        LOG.info("sandbox running id={} pod={}/{} uid={} attempt={}", id, config.namespace(), config.name(),
                config.uid(), config.attempt());
        return id;
    }

    @Override
    public void stop(String sandboxId) {
        ready.remove(sandboxId);
        try {
            cri.runtime("StopPodSandbox", timeouts.slow(),
                    s -> s.stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(sandboxId).build()));
        } catch (NotFoundException e) {
            LOG.debug("sandbox to stop is gone id={}", sandboxId);
        }
    }

    @Override
    public void remove(String sandboxId) {
        ready.remove(sandboxId);
        try {
            cri.runtime("RemovePodSandbox", timeouts.slow(),
                    s -> s.removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(sandboxId).build()));
        } catch (NotFoundException e) {
            LOG.debug("sandbox to remove is gone id={}", sandboxId);
        }
    }

    /**
     * The sandbox's status, verbose so that containerd adds its record with the pause process id (a few
     * kilobytes of JSON; asked once per ready sandbox, as {@link #list} keeps ready ones).
     */
    @Override
    public SandboxStatus status(String sandboxId) {
        var reply = cri.runtime("PodSandboxStatus", timeouts.call(), s -> s.podSandboxStatus(
                PodSandboxStatusRequest.newBuilder().setPodSandboxId(sandboxId).setVerbose(true).build()));
        if (!reply.hasStatus()) {
            throw new NotFoundException("sandbox " + sandboxId + " not found");
        }
        return SandboxMapping.fromCri(reply.getStatus(), SandboxInfoPid.of(reply.getInfoMap()));
    }

    /**
     * Lists matching sandboxes; the addresses of ready ones come from one status call each (the list reply has
     * none), so a sandbox that vanishes in between is left out.
     */
    @Override
    public List<SandboxStatus> list(Map<String, String> labels) {
        ListPodSandboxRequest request = ListPodSandboxRequest.newBuilder()
                .setFilter(PodSandboxFilter.newBuilder().putAllLabelSelector(labels)).build();
        List<PodSandbox> items = cri.runtime("ListPodSandbox", timeouts.call(), s -> s.listPodSandbox(request))
                .getItemsList();
        List<SandboxStatus> result = new ArrayList<>(items.size());
        for (PodSandbox item : items) {
            if (item.getState() != PodSandboxState.SANDBOX_READY) {
                ready.remove(item.getId());
                result.add(SandboxMapping.fromCri(item));
                continue;
            }
            SandboxStatus known = ready.get(item.getId());
            if (known != null) {
                result.add(known);
                continue;
            }
            try {
                SandboxStatus current = status(item.getId());
                if (current.state() == SandboxStatus.State.READY) {
                    ready.put(item.getId(), current);
                }
                result.add(current);
            } catch (NotFoundException e) {
                LOG.debug("listed sandbox vanished id={}", item.getId());
            }
        }
        return List.copyOf(result);
    }
}
