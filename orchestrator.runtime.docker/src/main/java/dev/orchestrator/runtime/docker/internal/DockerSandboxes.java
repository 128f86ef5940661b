package dev.orchestrator.runtime.docker.internal;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import dev.orchestrator.api.runtime.ContainerRuntimeException;
import dev.orchestrator.api.runtime.NotFoundException;
import dev.orchestrator.api.runtime.PodSandboxes;
import dev.orchestrator.api.runtime.SandboxConfig;
import dev.orchestrator.api.runtime.SandboxStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PodSandboxes} as dockershim made them: a sandbox is a pause container (network {@code none}, IPC shareable,
 * the pod's cgroup parent, hostname and resolver settings) whose network namespace the node's CNI plugins set up;
 * the pod's containers join its network and IPC namespaces. Host-network pods use docker's {@code host} network and
 * get no CNI.
 */
final class DockerSandboxes implements PodSandboxes {

    private static final Logger LOG = LoggerFactory.getLogger(DockerSandboxes.class);
    private static final int PAUSE_STOP_SECONDS = 2;

    private final DockerConnection docker;
    private final DockerImages images;
    private final Cni cni;
    private final String pauseImage;

    DockerSandboxes(DockerConnection docker, DockerImages images, Cni cni, String pauseImage) {
        this.docker = docker;
        this.images = images;
        this.cni = cni;
        this.pauseImage = pauseImage;
    }

    @Override
    public String run(SandboxConfig config) {
        images.ensure(pauseImage);
        Map<String, String> own = new HashMap<>();
        own.put(DockerLabels.TYPE, DockerLabels.TYPE_SANDBOX);
        own.put(DockerLabels.POD_NAME, config.name());
        own.put(DockerLabels.POD_NAMESPACE, config.namespace());
        own.put(DockerLabels.POD_UID, config.uid());
        own.put(DockerLabels.ATTEMPT, Integer.toString(config.attempt()));
        own.put(DockerLabels.HOST_NETWORK, Boolean.toString(config.hostNetwork()));
        own.put(DockerLabels.LOG_PATH, nonNull(config.logDirectory()));
        own.put(DockerLabels.CGROUP_PARENT, nonNull(config.cgroupParent()));
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode(config.hostNetwork() ? "host" : "none")
                .withIpcMode("shareable")
                .withPrivileged(config.privileged());
        if (!nonNull(config.cgroupParent()).isEmpty()) {
            host.withCgroupParent(config.cgroupParent());
        }
        SandboxConfig.DnsConfig dns = config.dns();
        if (!dns.servers().isEmpty()) {
            host.withDns(dns.servers());
        }
        if (!dns.searches().isEmpty()) {
            host.withDnsSearch(dns.searches());
        }
        if (!dns.options().isEmpty()) {
            host.withDnsOptions(dns.options());
        }
        if (!config.ports().isEmpty() && config.ports().stream().anyMatch(p -> p.hostPort() > 0)
                && !config.hostNetwork() && !cni.mapsHostPorts()) {
            LOG.warn("pod {}/{} asks for host ports but the CNI configuration has no portmap plugin: not published",
                    config.namespace(), config.name());
        }
        String name = "k8s_POD_" + config.name() + "_" + config.namespace() + "_" + config.uid() + "_"
                + config.attempt();
        String id = create(name, config, host, DockerLabels.encode(config.labels(), config.annotations(), own));
        try {
            docker.call("start sandbox", c -> {
                c.startContainerCmd(id).exec();
                return null;
            });
            if (!config.hostNetwork()) {
                InspectContainerResponse pause = inspect(id);
                Integer pid = pause.getState().getPid();
                if (pid == null || pid <= 0) {
                    throw new ContainerRuntimeException("pause container of sandbox " + id + " is not running: "
                            + pause.getState().getStatus() + " " + nonNull(pause.getState().getError()));
                }
                List<String> ips = cni.add(id, netns(pid), config.ports());
                LOG.info("sandbox running id={} pod={}/{} uid={} attempt={} ips={}", id, config.namespace(),
                        config.name(), config.uid(), config.attempt(), ips);
            } else {
                LOG.info("sandbox running id={} pod={}/{} uid={} attempt={} hostNetwork", id, config.namespace(),
                        config.name(), config.uid(), config.attempt());
            }
            return id;
        } catch (ContainerRuntimeException e) {
            try {
                removePause(id);
            } catch (ContainerRuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * Creates the pause container; a leftover of the same name (a run that failed half way, same pod and attempt) is
     * removed first.
     */
    private String create(String name, SandboxConfig config, HostConfig host, Map<String, String> labels) {
        for (int round = 0; ; round++) {
            try {
                return docker.call("create sandbox", c -> {
                    var cmd = c.createContainerCmd(pauseImage).withName(name).withLabels(labels).withHostConfig(host);
                    if (!config.hostNetwork() && !nonNull(config.hostname()).isEmpty()) {
                        cmd.withHostName(config.hostname());
                    }
                    return cmd.exec().getId();
                });
            } catch (ContainerRuntimeException e) {
                if (round > 0 || !(e.getCause() instanceof ConflictException)) {
                    throw e;
                }
                LOG.info("removing leftover sandbox container name={}", name);
                remove(name);
            }
        }
    }

    /** Stops the sandbox's containers, takes it off the network, stops the pause container. */
    @Override
    public void stop(String sandboxId) {
        InspectContainerResponse pause;
        try {
            pause = inspectSandbox(sandboxId);
        } catch (NotFoundException e) {
            cni.del(sandboxId, "");
            return;
        }
        for (Container c : containersOf(pause.getId())) {
            if ("running".equals(c.getState()) || "paused".equals(c.getState()) || "restarting".equals(c.getState())) {
                stopContainer(c.getId(), 0);
            }
        }
        Integer pid = pause.getState().getPid();
        boolean running = Boolean.TRUE.equals(pause.getState().getRunning()) && pid != null && pid > 0;
        cni.del(pause.getId(), running ? netns(pid) : "");
        if (running) {
            stopContainer(pause.getId(), PAUSE_STOP_SECONDS);
        }
    }

    @Override
    public void remove(String sandboxId) {
        String id;
        try {
            id = inspectSandbox(sandboxId).getId();
        } catch (NotFoundException e) {
            cni.del(sandboxId, "");
            return;
        }
        stop(id);
        for (Container c : containersOf(id)) {
            removeContainer(c.getId());
        }
        removePause(id);
    }

    private void removePause(String id) {
        try {
            cni.del(id, "");
        } finally {
            removeContainer(id);
        }
    }

    /** The sandbox as inspected, with the pause container's pid while it runs (a list reply has no pids). */
    @Override
    public SandboxStatus status(String sandboxId) {
        InspectContainerResponse i = inspectSandbox(sandboxId);
        Map<String, String> labels = i.getConfig().getLabels();
        boolean ready = Boolean.TRUE.equals(i.getState().getRunning());
        Integer pid = i.getState().getPid();
        return status(i.getId(), labels, ready, DockerTimes.parseOrEpoch(i.getCreated()),
                ready && pid != null && pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty());
    }

    @Override
    public List<SandboxStatus> list(Map<String, String> labels) {
        Map<String, String> filter = new HashMap<>(labels);
        filter.put(DockerLabels.TYPE, DockerLabels.TYPE_SANDBOX);
        List<Container> found = docker.call("list sandboxes",
                c -> c.listContainersCmd().withShowAll(true).withLabelFilter(filter).exec());
        return found.stream().map(c -> status(c.getId(), c.getLabels(), "running".equals(c.getState()),
                Instant.ofEpochSecond(c.getCreated() == null ? 0 : c.getCreated()), OptionalLong.empty())).toList();
    }

    private SandboxStatus status(String id, Map<String, String> labels, boolean ready, Instant created,
                                 OptionalLong pid) {
        boolean hostNetwork = Boolean.parseBoolean(DockerLabels.get(labels, DockerLabels.HOST_NETWORK));
        List<String> ips = ready && !hostNetwork ? cni.ips(id) : List.of();
        return new SandboxStatus(id, DockerLabels.get(labels, DockerLabels.POD_NAME),
                DockerLabels.get(labels, DockerLabels.POD_NAMESPACE), DockerLabels.get(labels, DockerLabels.POD_UID),
                DockerLabels.attempt(labels), ready ? SandboxStatus.State.READY : SandboxStatus.State.NOT_READY,
                created, ips, DockerLabels.labels(labels), DockerLabels.annotations(labels), pid);
    }

    /** The pause container of a sandbox id; anything else (a pod's container, a foreign one) is not a sandbox. */
    InspectContainerResponse inspectSandbox(String sandboxId) {
        InspectContainerResponse i = inspect(sandboxId);
        if (!DockerLabels.TYPE_SANDBOX.equals(DockerLabels.get(i.getConfig().getLabels(), DockerLabels.TYPE))) {
            throw new NotFoundException("sandbox " + sandboxId + " not found");
        }
        return i;
    }

    private InspectContainerResponse inspect(String id) {
        return docker.call("inspect sandbox", c -> c.inspectContainerCmd(id).exec());
    }

    private List<Container> containersOf(String sandboxId) {
        return docker.call("list containers", c -> c.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(DockerLabels.TYPE, DockerLabels.TYPE_CONTAINER,
                        DockerLabels.SANDBOX_ID, sandboxId)).exec());
    }

    private void stopContainer(String id, int seconds) {
        try {
            docker.slowCall("stop", c -> {
                c.stopContainerCmd(id).withTimeout(seconds).exec();
                return null;
            });
        } catch (NotFoundException e) {
            LOG.debug("container to stop is gone id={}", id);
        } catch (ContainerRuntimeException e) {
            if (!(e.getCause() instanceof com.github.dockerjava.api.exception.NotModifiedException)) {
                throw e;
            }
        }
    }

    private void removeContainer(String id) {
        try {
            docker.slowCall("remove", c -> {
                c.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
                return null;
            });
        } catch (NotFoundException e) {
            LOG.debug("container to remove is gone id={}", id);
        }
    }

    static String netns(int pid) {
        return "/proc/" + pid + "/ns/net";
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
