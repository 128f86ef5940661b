package dev.orchestrator.kubelet.internal.probes;

import dev.orchestrator.api.runtime.ContainerRuntime;
import dev.orchestrator.api.runtime.ContainerStatus;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * The liveness, readiness and startup probes of one kubelet's pods. Each pod sync tells it which
 * containers run ({@link #update}); it keeps one {@link ProbeWorker} per probe of each running app
 * container and drops those of containers that exited or pods that went. A verdict that changes
 * enqueues the pod's sync, which writes the status ({@link #started}, {@link #ready}) and kills a
 * container whose liveness or startup probe failed ({@link #killFailed}).
 *
 * <p>On a simulated runtime (hollow nodes: no processes, no network) probes are not run: every
 * container counts as started and ready once running, and none is killed.
 */
public final class ContainerProbes implements AutoCloseable {

    /** The runtime name of runtime.sim, whose containers cannot be probed. */
    public static final String SIMULATED_RUNTIME = "sim";

    private final ProbeWorker.Context context;
    private final Instant createdAt = Instant.now();
    /** pod uid → (container id, kind) → worker. */
    private final Map<String, Map<String, ProbeWorker>> byPod = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param timers the kubelet's shared timers (ticks only; probes never run there)
     * @param pool the shared probe pool
     * @param changed called with a pod's uid when one of its probe verdicts changed
     */
    public ContainerProbes(ScheduledExecutorService timers, ExecutorService pool, PodEvents events,
                           Consumer<String> changed) {
        this.context = new ProbeWorker.Context(timers, pool, new ProbeHandlers(), new ProbeResults(), events, changed);
    }

    /** Probes the running app containers of this pod, and stops probing what no longer runs. */
    public void update(Pod pod, ContainerRuntime runtime, String runtimeName, List<String> podIps,
                       List<ContainerStatus> containers) {
        String uid = pod.getMetadata().getUid();
        if (closed || SIMULATED_RUNTIME.equals(runtimeName)) {
            forget(uid);
            return;
        }
        Map<String, ProbeWorker> workers = byPod.computeIfAbsent(uid, u -> new ConcurrentHashMap<>());
        Map<String, ProbeWorker> wanted = new HashMap<>();
        Optional<String> ip = podIps.isEmpty() ? Optional.empty() : Optional.of(podIps.get(0));
        for (Container spec : pod.getSpec().getContainers()) {
            running(containers, spec.getName()).ifPresent(c -> {
                ProbeTarget target = new ProbeTarget(spec, c.id(), ip, runtime);
                for (ProbeKind kind : ProbeKind.values()) {
                    if (kind.of(spec) != null) {
                        String key = c.id() + "/" + kind;
                        wanted.put(key, workers.computeIfAbsent(key, k -> start(kind, pod, target, c)));
                        wanted.get(key).refresh(pod, target);
                    }
                }
            });
        }
        workers.entrySet().removeIf(e -> {
            if (wanted.containsKey(e.getKey())) {
                return false;
            }
            e.getValue().stop();
            context.results().remove(containerIdOf(e.getKey()));
            return true;
        });
        if (workers.isEmpty()) {
            byPod.remove(uid, workers);
        }
    }

    private ProbeWorker start(ProbeKind kind, Pod pod, ProbeTarget target, ContainerStatus c) {
        ProbeWorker worker = new ProbeWorker(context, kind, pod, target);
        Instant started = c.startedAt().orElse(c.createdAt());
        worker.start(started, started.isBefore(createdAt));
        return worker;
    }

    /** Stops every probe of the pod (it is gone, finished or being deleted). */
    public void forget(String podUid) {
        Map<String, ProbeWorker> workers = byPod.remove(podUid);
        if (workers != null) {
            workers.forEach((key, worker) -> {
                worker.stop();
                context.results().remove(containerIdOf(key));
            });
        }
    }

    /** Whether a running container has started: its startup probe passed, or it has none. */
    public boolean started(String runtimeName, Container spec, String containerId) {
        return spec.getStartupProbe() == null || SIMULATED_RUNTIME.equals(runtimeName)
                || context.results().passing(containerId, ProbeKind.STARTUP);
    }

    /** Whether a running container is ready: started, and its readiness probe passed (or it has none). */
    public boolean ready(String runtimeName, Container spec, String containerId) {
        return started(runtimeName, spec, containerId) && (spec.getReadinessProbe() == null
                || SIMULATED_RUNTIME.equals(runtimeName) || context.results().passing(containerId, ProbeKind.READINESS));
    }

    /**
     * Kills each running container of the pod whose liveness or startup probe failed for good:
     * the Killing event, then a stop with the probe's terminationGracePeriodSeconds, else the pod's.
     * The pod's sync then restarts it as the restart policy says, with the crash-loop back-off.
     *
     * @return whether anything was killed (the caller lists the runtime again)
     */
    public boolean killFailed(ContainerRuntime runtime, Pod pod, List<ContainerStatus> containers) {
        boolean killed = false;
        for (ContainerStatus c : containers) {
            Optional<ProbeKind> failed = c.state() == ContainerStatus.State.RUNNING
                    ? context.results().failed(c.id()) : Optional.empty();
            Optional<Container> spec = pod.getSpec().getContainers().stream()
                    .filter(s -> s.getName().equals(c.name())).findFirst();
            if (failed.isEmpty() || spec.isEmpty()) {
                continue;
            }
            String message = "Container " + c.name() + " failed " + failed.get().title().toLowerCase(java.util.Locale.ROOT)
                    + " probe" + ("Never".equals(pod.getSpec().getRestartPolicy()) ? "" : ", will be restarted");
            context.events().record(pod, false, "Killing", message);
            runtime.containers().stop(c.id(), killGrace(pod, failed.get().of(spec.get()), failed.get()));
            context.results().remove(c.id());
            killed = true;
        }
        return killed;
    }

    private static Duration killGrace(Pod pod, io.fabric8.kubernetes.api.model.Probe probe, ProbeKind kind) {
        Optional<Duration> own = probe == null ? Optional.empty() : ProbeSettings.of(probe, kind).terminationGracePeriod();
        Long podGrace = pod.getSpec().getTerminationGracePeriodSeconds();
        return own.orElse(Duration.ofSeconds(podGrace == null ? 30 : Math.max(0, podGrace)));
    }

    private static Optional<ContainerStatus> running(List<ContainerStatus> containers, String name) {
        return containers.stream().filter(c -> name.equals(c.name()) && c.state() == ContainerStatus.State.RUNNING)
                .max(Comparator.comparingInt(ContainerStatus::attempt));
    }

    private static String containerIdOf(String key) {
        return key.substring(0, key.lastIndexOf('/'));
    }

    /** Stops every probe of this kubelet (the containers keep running; a new kubelet probes anew). */
    @Override
    public void close() {
        closed = true;
        List.copyOf(byPod.keySet()).forEach(this::forget);
        context.handlers().close();
    }
}
