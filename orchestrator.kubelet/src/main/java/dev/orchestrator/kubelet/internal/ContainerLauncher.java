package dev.orchestrator.kubelet.internal;

import dev.orchestrator.api.runtime.ContainerConfig;
import dev.orchestrator.api.runtime.ContainerRuntime;
import dev.orchestrator.api.runtime.ContainerRuntimeException;
import dev.orchestrator.api.runtime.ContainerStatus;
import dev.orchestrator.api.runtime.SandboxStatus;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a pod's containers in a ready sandbox: init containers one at a time in order (each must
 * succeed before the next), then every app container; restarts exited ones as the restart policy
 * says with the crash-loop back-off; records why a container waits (image pull, configuration,
 * create or start errors) for the pod's status, with an event for each failure.
 */
final class ContainerLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerLauncher.class);
    private static final Duration CONFIG_RETRY = Duration.ofSeconds(5);

    private final KubeletEvents events;
    private final ImagePuller images;
    private final EnvResolver env;
    private final ContainerConfigs configs;
    private final SandboxConfigs sandboxes;
    private final String nodeIp;

    ContainerLauncher(KubeletEvents events, ImagePuller images, EnvResolver env, ContainerConfigs configs,
                      SandboxConfigs sandboxes, String nodeIp) {
        this.events = events;
        this.images = images;
        this.env = env;
        this.configs = configs;
        this.sandboxes = sandboxes;
        this.nodeIp = nodeIp;
    }

    /** @return when to look again (a back-off or retry ending), empty to wait for the next event */
    Optional<Duration> run(ContainerRuntime rt, Pod pod, SandboxStatus sandbox, PodRuntimeState state, PodRecord record) {
        String policy = pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
        for (Container c : pod.getSpec().getInitContainers()) {
            Optional<ContainerStatus> latest = state.latest(c.getName());
            if (latest.isPresent() && latest.get().state() == ContainerStatus.State.EXITED && latest.get().exitCode() == 0) {
                continue;
            }
            if (latest.isPresent() && latest.get().state() == ContainerStatus.State.EXITED && "Never".equals(policy)) {
                return Optional.empty(); // the pod has failed
            }
            // an init container that runs, starts or restarts blocks everything after it
            return ensure(rt, pod, sandbox, state, c, "Never".equals(policy) ? "Never" : "OnFailure", record, true);
        }
        Optional<Duration> next = Optional.empty();
        for (Container c : pod.getSpec().getContainers()) {
            next = sooner(next, ensure(rt, pod, sandbox, state, c, policy, record, false));
        }
        for (Container c : EphemeralContainers.of(pod)) { // run once, never restarted
            next = sooner(next, ensure(rt, pod, sandbox, state, c, "Never", record, false));
        }
        return next;
    }

    private static Optional<Duration> sooner(Optional<Duration> a, Optional<Duration> b) {
        return a.isEmpty() || b.isPresent() && b.get().compareTo(a.get()) < 0 ? b : a;
    }

    private Optional<Duration> ensure(ContainerRuntime rt, Pod pod, SandboxStatus sandbox, PodRuntimeState state,
                                      Container c, String policy, PodRecord record, boolean init) {
        Optional<ContainerStatus> latest = state.latest(c.getName());
        int attempt = 0;
        if (latest.isPresent()) {
            ContainerStatus l = latest.get();
            switch (l.state()) {
                case RUNNING -> {
                    if (ContainerConfigs.hash(c).equals(l.annotations().getOrDefault(RuntimeLabels.CONTAINER_HASH,
                            ContainerConfigs.hash(c)))) {
                        record.waiting.remove(c.getName());
                        return Optional.empty();
                    }
                    events.normal(pod, "Killing", "Container " + c.getName() + " definition changed, will be restarted");
                    rt.containers().stop(l.id(), PodSync.gracePeriod(pod));
                    attempt = l.attempt() + 1;
                }
                case EXITED, UNKNOWN -> {
                    if (!shouldRestart(policy, l.exitCode())) {
                        record.waiting.remove(c.getName());
                        return Optional.empty();
                    }
                    Optional<Duration> wait = backOff(pod, c, l, record);
                    if (wait.isPresent()) {
                        return wait;
                    }
                    attempt = l.attempt() + 1;
                }
                case CREATED -> {
                    // created but never started (a kubelet stopped in between): start it afresh
                    rt.containers().remove(l.id());
                    attempt = l.attempt();
                }
            }
        }
        return start(rt, pod, sandbox, state, c, attempt, record, init);
    }

    private Optional<Duration> backOff(Pod pod, Container c, ContainerStatus last, PodRecord record) {
        Instant started = last.startedAt().orElse(last.createdAt());
        Instant finished = last.finishedAt().orElse(started);
        Duration delay = RestartBackoff.delay(last.attempt(), Duration.between(started, finished));
        Duration left = Duration.between(Instant.now(), finished.plus(delay));
        if (left.isNegative() || left.isZero()) {
            return Optional.empty();
        }
        String who = c.getName() + " pod=" + pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace()
                + "(" + pod.getMetadata().getUid() + ")";
        record.waiting.put(c.getName(), new ContainerWaiting("CrashLoopBackOff",
                "back-off " + delay.toSeconds() + "s restarting failed container=" + who, left));
        events.warning(pod, "BackOff", "Back-off restarting failed container " + c.getName() + " in pod "
                + pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "(" + pod.getMetadata().getUid() + ")");
        return Optional.of(left);
    }

    private Optional<Duration> start(ContainerRuntime rt, Pod pod, SandboxStatus sandbox, PodRuntimeState state,
                                     Container c, int attempt, PodRecord record, boolean init) {
        String id;
        try {
            images.ensure(rt, pod, c);
            ContainerConfig config;
            try {
                config = configs.build(pod, c, attempt, env.resolve(pod, c, sandbox.ips(), nodeIp), init, sandbox.ips());
            } catch (ContainerConfigException e) {
                events.warning(pod, "Failed", "Error: " + e.getMessage());
                throw new ContainerWaiting("CreateContainerConfigError", e.getMessage(), CONFIG_RETRY);
            }
            try {
                id = rt.containers().create(sandbox.id(), config, sandboxes.build(pod, sandbox.attempt()));
            } catch (ContainerRuntimeException e) {
                events.warning(pod, "Failed", "Error: " + e.getMessage());
                throw new ContainerWaiting("CreateContainerError", e.getMessage(), CONFIG_RETRY);
            }
        } catch (ContainerWaiting w) {
            record.waiting.put(c.getName(), w);
            return Optional.of(w.retryAfter());
        }
        events.normal(pod, "Created", "Created container " + c.getName());
        try {
            rt.containers().start(id);
        } catch (ContainerRuntimeException e) {
            LOG.info("container failed to start pod={} container={} error={}", PodSync.key(pod), c.getName(), e.getMessage());
            events.warning(pod, "Failed", "Error: " + e.getMessage());
            record.waiting.put(c.getName(), new ContainerWaiting("RunContainerError", e.getMessage(), Duration.ZERO));
            removeStale(rt, state, c.getName());
            return Optional.of(Duration.ofMillis(500)); // look again soon: the crash-loop back-off takes over
        }
        record.waiting.remove(c.getName());
        events.normal(pod, "Started", "Started container " + c.getName());
        removeStale(rt, state, c.getName());
        return Optional.empty();
    }

    /**
     * After a new container of this name was made: keeps the one before it (for lastState and
     * {@code logs --previous}) and removes older ones. {@code state} predates the new container.
     */
    private static void removeStale(ContainerRuntime rt, PodRuntimeState state, String name) {
        for (ContainerStatus c : state.olderThanLatest(name)) {
            rt.containers().remove(c.id());
        }
    }

    static boolean shouldRestart(String policy, int exitCode) {
        return switch (policy) {
            case "Always" -> true;
            case "OnFailure" -> exitCode != 0;
            default -> false;
        };
    }

    void forget(String podUid) {
        images.forget(podUid);
    }
}
