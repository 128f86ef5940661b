package dev.orchestrator.runtime.docker.internal;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Statistics;
import dev.orchestrator.api.runtime.ContainerConfig;
import dev.orchestrator.api.runtime.ContainerRuntimeException;
import dev.orchestrator.api.runtime.ContainerStats;
import dev.orchestrator.api.runtime.ContainerStatus;
import dev.orchestrator.api.runtime.Containers;
import dev.orchestrator.api.runtime.NotFoundException;
import dev.orchestrator.api.runtime.SandboxConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Containers} over docker containers that join their sandbox's network and IPC namespaces
 * ({@code container:<pause>}), each with its own PID namespace as in CRI.
 *
 * <p>Logs: docker writes a container's output to its json-file log ({@code {"log":…,"stream":…,"time":…}} per
 * line); the path the kubelet expects ({@code <sandbox log directory>/<config logPath>}) is a symbolic link to it,
 * as dockershim did, so a log reader must understand docker's JSON lines beside the CRI format.
 */
final class DockerContainers implements Containers {

    private static final Logger LOG = LoggerFactory.getLogger(DockerContainers.class);

    private final DockerConnection docker;
    private final DockerSandboxes sandboxes;
    private final DockerTimeouts timeouts;
    private final DockerLogLimits logLimits;
    /**
     * The last full status of each container by id: a list call gives only id and state; while the state is the
     * same, the full status (times, exit code) has not changed either (docker never restarts our containers).
     */
    private final Map<String, ContainerStatus> known = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, ContainerStatus> eldest) {
                    return size() > 20_000;
                }
            });

    DockerContainers(DockerConnection docker, DockerSandboxes sandboxes, DockerTimeouts timeouts,
                     DockerLogLimits logLimits) {
        this.docker = docker;
        this.sandboxes = sandboxes;
        this.timeouts = timeouts;
        this.logLimits = logLimits;
    }

    @Override
    public String create(String sandboxId, ContainerConfig config, SandboxConfig sandbox) {
        InspectContainerResponse pause = sandboxes.inspectSandbox(sandboxId);
        String pauseId = pause.getId();
        Path logPath = logPath(sandbox, config);
        Map<String, String> own = new HashMap<>();
        own.put(DockerLabels.TYPE, DockerLabels.TYPE_CONTAINER);
        own.put(DockerLabels.SANDBOX_ID, pauseId);
        own.put(DockerLabels.CONTAINER_NAME, config.name());
        own.put(DockerLabels.ATTEMPT, Integer.toString(config.attempt()));
        own.put(DockerLabels.POD_NAME, sandbox.name());
        own.put(DockerLabels.POD_NAMESPACE, sandbox.namespace());
        own.put(DockerLabels.POD_UID, sandbox.uid());
        own.put(DockerLabels.LOG_PATH, logPath == null ? "" : logPath.toString());
        String name = "k8s_" + config.name() + "_" + sandbox.name() + "_" + sandbox.namespace() + "_" + sandbox.uid()
                + "_" + config.attempt();
        String id = createNamed(name, () -> docker.call("create container", c -> {
            var cmd = c.createContainerCmd(config.image()).withName(name)
                    .withLabels(DockerLabels.encode(config.labels(), config.annotations(), own))
                    .withHostConfig(ContainerMapping.hostConfig(config, sandbox, pauseId).withLogConfig(logLimits.logConfig()))
                    .withEnv(config.env().stream().map(e -> e.name() + "=" + e.value()).toList())
                    .withTty(config.tty()).withStdinOpen(config.stdin()).withStdInOnce(config.stdinOnce());
            if (!config.command().isEmpty()) {
                // an entrypoint of its own drops the image's cmd as well, as Kubernetes' command does
                cmd.withEntrypoint(config.command());
                cmd.withCmd(config.args());
            } else if (!config.args().isEmpty()) {
                cmd.withCmd(config.args());
            }
            if (!config.workingDir().isEmpty()) {
                cmd.withWorkingDir(config.workingDir());
            }
            config.security().runAsUser().ifPresent(uid -> cmd.withUser(Long.toString(uid)));
            return cmd.exec().getId();
        }));
        LOG.info("container created id={} sandbox={} name={} attempt={}", id, pauseId, config.name(), config.attempt());
        return id;
    }

    /**
     * Creates a container under its name; a leftover of that name that never ran or has exited (an attempt whose
     * creation the kubelet did not see finish) is removed first and the creation tried once more. A running one is
     * never removed: the conflict is then dockerd's message.
     */
    private String createNamed(String name, java.util.function.Supplier<String> create) {
        try {
            return create.get();
        } catch (ContainerRuntimeException e) {
            if (!(e.getCause() instanceof com.github.dockerjava.api.exception.ConflictException)) {
                throw e;
            }
            InspectContainerResponse old;
            try {
                old = docker.call("inspect container", c -> c.inspectContainerCmd(name).exec());
            } catch (NotFoundException gone) {
                return create.get();
            }
            if (Boolean.TRUE.equals(old.getState().getRunning())) {
                throw e;
            }
            LOG.info("removing leftover container name={} id={} state={}", name, old.getId(), old.getState().getStatus());
            remove(old.getId());
            return create.get();
        }
    }

    /** The absolute path the kubelet reads the container's log at, or null when the sandbox has no log directory. */
    static Path logPath(SandboxConfig sandbox, ContainerConfig config) {
        if (sandbox.logDirectory() == null || sandbox.logDirectory().isBlank() || config.logPath() == null
                || config.logPath().isBlank()) {
            return null;
        }
        return Path.of(sandbox.logDirectory()).resolve(config.logPath());
    }

    /**
     * Links the kubelet's log path to docker's json-file log of the container, which docker names only when it
     * starts the container.
     */
    private void linkLog(String id) {
        InspectContainerResponse i = docker.call("inspect container", c -> c.inspectContainerCmd(id).exec());
        String path = DockerLabels.get(i.getConfig().getLabels(), DockerLabels.LOG_PATH);
        String target = i.getLogPath();
        if (path.isEmpty()) {
            return;
        }
        Path logPath = Path.of(path);
        if (target == null || target.isBlank()) {
            LOG.warn("container {} has no json-file log: its log path {} stays empty", id, logPath);
            return;
        }
        try {
            Files.createDirectories(logPath.getParent());
            Files.deleteIfExists(logPath);
            Files.createSymbolicLink(logPath, Path.of(target));
        } catch (IOException e) {
            throw new ContainerRuntimeException("could not link the log of container " + id + " at " + logPath + ": "
                    + e.getMessage(), e);
        }
    }

    /** Starts the container and links its log (also when the start failed: docker may have logged why). */
    @Override
    public void start(String containerId) {
        try {
            docker.call("start container", c -> {
                c.startContainerCmd(containerId).exec();
                return null;
            });
        } finally {
            try {
                linkLog(containerId);
            } catch (ContainerRuntimeException e) {
                LOG.warn("log of container {} not linked: {}", containerId, e.getMessage());
            }
        }
    }

    /** docker stop: the stop signal, then SIGKILL after the grace period (whole seconds, rounded up). */
    @Override
    public void stop(String containerId, Duration grace) {
        long seconds = DockerTimeouts.ceilSeconds(grace);
        try {
            docker.slowCall("stop container", c -> {
                c.stopContainerCmd(containerId).withTimeout((int) Math.min(seconds, Integer.MAX_VALUE)).exec();
                return null;
            });
        } catch (NotFoundException e) {
            LOG.debug("container to stop is gone id={}", containerId);
        } catch (ContainerRuntimeException e) {
            // 304: already stopped
            if (!(e.getCause() instanceof com.github.dockerjava.api.exception.NotModifiedException)) {
                throw e;
            }
        }
    }

    @Override
    public void remove(String containerId) {
        known.remove(containerId);
        String logPath = "";
        try {
            InspectContainerResponse i = inspectOwn(containerId);
            logPath = DockerLabels.get(i.getConfig().getLabels(), DockerLabels.LOG_PATH);
            docker.slowCall("remove container", c -> {
                c.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
                return null;
            });
        } catch (NotFoundException e) {
            LOG.debug("container to remove is gone id={}", containerId);
        }
        if (!logPath.isEmpty()) {
            try {
                // only our link: the log itself went with the container
                Path link = Path.of(logPath);
                if (Files.isSymbolicLink(link)) {
                    Files.delete(link);
                }
            } catch (IOException e) {
                LOG.debug("log link of {} not removed: {}", containerId, e.toString());
            }
        }
    }

    @Override
    public ContainerStatus status(String containerId) {
        return ContainerMapping.status(inspectOwn(containerId));
    }

    private InspectContainerResponse inspectOwn(String containerId) {
        InspectContainerResponse i = docker.call("inspect container", c -> c.inspectContainerCmd(containerId).exec());
        if (!DockerLabels.TYPE_CONTAINER.equals(DockerLabels.get(i.getConfig().getLabels(), DockerLabels.TYPE))) {
            throw new NotFoundException("container " + containerId + " not found");
        }
        return i;
    }

    /** Lists matching containers; one inspect each for those whose state changed since the last look. */
    @Override
    public List<ContainerStatus> list(Optional<String> sandboxId, Map<String, String> labels) {
        Map<String, String> filter = new HashMap<>(labels);
        filter.put(DockerLabels.TYPE, DockerLabels.TYPE_CONTAINER);
        sandboxId.ifPresent(id -> filter.put(DockerLabels.SANDBOX_ID, id));
        List<Container> found = docker.call("list containers",
                c -> c.listContainersCmd().withShowAll(true).withLabelFilter(filter).exec());
        List<ContainerStatus> result = new ArrayList<>(found.size());
        for (Container c : found) {
            ContainerStatus last = known.get(c.getId());
            if (last != null && last.state() == ContainerMapping.state(c.getState())) {
                result.add(last);
                continue;
            }
            try {
                ContainerStatus current = status(c.getId());
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

    /** One one-shot stats call per running container (docker has no call for all at once). */
    @Override
    public List<ContainerStats> stats() {
        List<Container> running = docker.call("list containers", c -> c.listContainersCmd()
                .withLabelFilter(Map.of(DockerLabels.TYPE, DockerLabels.TYPE_CONTAINER)).exec());
        List<ContainerStats> result = new ArrayList<>(running.size());
        for (Container c : running) {
            try {
                Statistics s = docker.oneShotStats(c.getId());
                result.add(ContainerMapping.stats(c.getId(), s));
            } catch (NotFoundException e) {
                LOG.debug("container gone before its stats id={}", c.getId());
            }
        }
        return result;
    }
}
