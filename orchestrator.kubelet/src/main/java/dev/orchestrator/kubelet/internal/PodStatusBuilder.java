package dev.orchestrator.kubelet.internal;

import dev.orchestrator.api.runtime.ContainerStatus;
import dev.orchestrator.api.runtime.SandboxStatus;
import dev.orchestrator.kubelet.internal.probes.ContainerProbes;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateRunning;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Computes a pod's status from its spec and what the runtime holds, the way the kubelet does:
 * container states (waiting with a reason, running, terminated with exit code), restart counts,
 * last states, the phase, and the conditions PodReadyToStartContainers, Initialized,
 * ContainersReady and Ready (PodScheduled stays the scheduler's).
 */
final class PodStatusBuilder {

    private final String hostIp;
    private final ContainerProbes probes;

    PodStatusBuilder(String hostIp, ContainerProbes probes) {
        this.hostIp = hostIp;
        this.probes = probes;
    }

    /**
     * @param waiting why containers that do not run are waiting, by container name
     * @param runtimeName the runtime's name, the scheme of container ids ("containerd://…")
     */
    PodStatus build(Pod pod, PodRuntimeState state, Map<String, ContainerWaiting> waiting, Instant startTime,
                    String runtimeName) {
        PodStatus status = new PodStatus();
        Optional<SandboxStatus> sandbox = state.sandbox();
        boolean sandboxReady = sandbox.isPresent() && sandbox.get().state() == SandboxStatus.State.READY;
        List<String> ips = sandbox.map(SandboxStatus::ips).orElse(List.of());
        status.setHostIP(hostIp);
        status.setHostIPs(List.of(new HostIP(hostIp)));
        if (sandboxReady && !ips.isEmpty()) {
            status.setPodIP(ips.get(0));
            status.setPodIPs(ips.stream().map(PodIP::new).toList());
        }
        status.setStartTime(timestamp(startTime));
        status.setQosClass(pod.getStatus() == null ? null : pod.getStatus().getQosClass());

        List<io.fabric8.kubernetes.api.model.ContainerStatus> init = new ArrayList<>();
        for (Container c : pod.getSpec().getInitContainers()) {
            init.add(containerStatus(c, state, waiting, "PodInitializing", runtimeName));
        }
        boolean initialized = init.stream().allMatch(s -> s.getState().getTerminated() != null
                && s.getState().getTerminated().getExitCode() == 0);
        List<io.fabric8.kubernetes.api.model.ContainerStatus> app = new ArrayList<>();
        for (Container c : pod.getSpec().getContainers()) {
            app.add(containerStatus(c, state, waiting, initialized ? "ContainerCreating" : "PodInitializing", runtimeName));
        }
        status.setInitContainerStatuses(init);
        status.setContainerStatuses(app);
        List<io.fabric8.kubernetes.api.model.ContainerStatus> ephemeral = new ArrayList<>();
        for (Container c : EphemeralContainers.of(pod)) {
            var s = containerStatus(c, state, waiting, "ContainerCreating", runtimeName);
            s.setReady(false); // no probes: Kubernetes never reports an ephemeral container ready
            ephemeral.add(s);
        }
        status.setEphemeralContainerStatuses(ephemeral);

        String restartPolicy = pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
        boolean initFailed = "Never".equals(restartPolicy) && init.stream().anyMatch(s -> s.getState().getTerminated() != null
                && s.getState().getTerminated().getExitCode() != 0);
        String phase = initFailed ? "Failed" : phase(initialized, app, restartPolicy);
        status.setPhase(phase);
        boolean terminal = phase.equals("Succeeded") || phase.equals("Failed");
        boolean containersReady = !terminal && app.stream().allMatch(s -> Boolean.TRUE.equals(s.getReady()));

        List<PodCondition> conditions = new ArrayList<>();
        conditions.add(condition(pod, "PodReadyToStartContainers", sandboxReady && !ips.isEmpty() || terminal && sandbox.isPresent(),
                null, null));
        conditions.add(condition(pod, "Initialized", initialized || initFailed,
                initialized || initFailed ? null : "ContainersNotInitialized",
                initialized || initFailed ? null : "containers with incomplete status: " + names(init, false)));
        String notReadyReason = terminal ? "PodCompleted" : "ContainersNotReady";
        String notReadyMessage = terminal ? null : "containers with unready status: " + names(app, true);
        conditions.add(condition(pod, "ContainersReady", containersReady, containersReady ? null : notReadyReason,
                containersReady ? null : notReadyMessage));
        conditions.add(condition(pod, "Ready", containersReady, containersReady ? null : notReadyReason,
                containersReady ? null : notReadyMessage));
        status.setConditions(conditions);
        return status;
    }

    /** Kubernetes' phase rule over the app containers once initialization is done. */
    static String phase(boolean initialized, List<io.fabric8.kubernetes.api.model.ContainerStatus> app,
                        String restartPolicy) {
        if (!initialized) {
            return "Pending";
        }
        int running = 0;
        int waiting = 0;
        int stopped = 0;
        int succeeded = 0;
        for (var s : app) {
            ContainerState st = s.getState();
            if (st.getRunning() != null) {
                running++;
            } else if (st.getTerminated() != null) {
                stopped++;
                if (st.getTerminated().getExitCode() == 0) {
                    succeeded++;
                }
            } else if (s.getLastState() != null && s.getLastState().getTerminated() != null) {
                stopped++; // waiting to be restarted after a run
            } else {
                waiting++;
            }
        }
        if (waiting > 0) {
            return "Pending";
        }
        if (running > 0) {
            return "Running";
        }
        if (stopped > 0) {
            if ("Always".equals(restartPolicy)) {
                return "Running";
            }
            if (stopped == succeeded) {
                return "Succeeded";
            }
            return "Never".equals(restartPolicy) ? "Failed" : "Running";
        }
        return "Pending";
    }

    private io.fabric8.kubernetes.api.model.ContainerStatus containerStatus(Container c, PodRuntimeState state,
            Map<String, ContainerWaiting> waiting, String notStartedReason, String scheme) {
        var s = new io.fabric8.kubernetes.api.model.ContainerStatus();
        s.setName(c.getName());
        s.setImage(c.getImage());
        s.setImageID("");
        Optional<ContainerStatus> latest = state.latest(c.getName());
        Optional<ContainerStatus> previous = state.previous(c.getName());
        ContainerWaiting why = waiting.get(c.getName());
        s.setRestartCount(latest.map(ContainerStatus::attempt).orElse(0));
        s.setReady(false);
        s.setStarted(false);
        ContainerState current = new ContainerState();
        ContainerState last = new ContainerState();
        if (latest.isPresent() && latest.get().state() == ContainerStatus.State.RUNNING) {
            ContainerStatus r = latest.get();
            current.setRunning(new ContainerStateRunning(timestamp(r.startedAt().orElse(r.createdAt()))));
            s.setReady(probes.ready(scheme, c, r.id())); // readiness and startup probes, when the container has them
            s.setStarted(probes.started(scheme, c, r.id()));
            describe(s, r, scheme);
            previous.filter(p -> p.state() == ContainerStatus.State.EXITED).ifPresent(p -> last.setTerminated(terminated(p, scheme)));
        } else if (why != null) {
            current.setWaiting(new ContainerStateWaiting(why.getMessage(), why.reason()));
            latest.filter(l -> l.state() == ContainerStatus.State.EXITED).ifPresent(l -> {
                last.setTerminated(terminated(l, scheme));
                describe(s, l, scheme);
            });
        } else if (latest.isPresent() && latest.get().state() == ContainerStatus.State.EXITED) {
            current.setTerminated(terminated(latest.get(), scheme));
            describe(s, latest.get(), scheme);
            previous.filter(p -> p.state() == ContainerStatus.State.EXITED).ifPresent(p -> last.setTerminated(terminated(p, scheme)));
        } else {
            current.setWaiting(new ContainerStateWaiting(null, notStartedReason));
        }
        s.setState(current);
        s.setLastState(last);
        return s;
    }

    private static void describe(io.fabric8.kubernetes.api.model.ContainerStatus s, ContainerStatus runtime,
                                 String scheme) {
        s.setContainerID(scheme + "://" + runtime.id());
        s.setImageID(runtime.imageRef());
    }

    private static ContainerStateTerminated terminated(ContainerStatus c, String scheme) {
        ContainerStateTerminated t = new ContainerStateTerminated();
        t.setExitCode(c.exitCode());
        t.setReason(c.reason().isEmpty() ? (c.exitCode() == 0 ? "Completed" : "Error") : c.reason());
        t.setMessage(c.message().isEmpty() ? null : c.message());
        t.setStartedAt(c.startedAt().map(PodStatusBuilder::timestamp).orElse(null));
        t.setFinishedAt(c.finishedAt().map(PodStatusBuilder::timestamp).orElse(null));
        t.setContainerID(scheme + "://" + c.id());
        return t;
    }

    private static String names(List<io.fabric8.kubernetes.api.model.ContainerStatus> statuses, boolean unready) {
        List<String> names = new ArrayList<>();
        for (var s : statuses) {
            boolean incomplete = unready ? !Boolean.TRUE.equals(s.getReady())
                    : s.getState().getTerminated() == null || s.getState().getTerminated().getExitCode() != 0;
            if (incomplete) {
                names.add(s.getName());
            }
        }
        return "[" + String.join(" ", names) + "]";
    }

    /** Keeps lastTransitionTime when the condition's status did not change. */
    private static PodCondition condition(Pod pod, String type, boolean value, String reason, String message) {
        String status = value ? "True" : "False";
        PodCondition c = new PodCondition();
        c.setType(type);
        c.setStatus(status);
        c.setReason(reason);
        c.setMessage(message);
        Optional<PodCondition> previous = pod.getStatus() == null ? Optional.empty()
                : pod.getStatus().getConditions().stream().filter(p -> type.equals(p.getType())).findFirst();
        c.setLastTransitionTime(previous.filter(p -> status.equals(p.getStatus())).map(PodCondition::getLastTransitionTime)
                .orElse(timestamp(Instant.now())));
        return c;
    }

    static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
