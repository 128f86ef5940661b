package dev.orchestrator.kubelet.internal;

import dev.orchestrator.api.runtime.ContainerRuntime;
import dev.orchestrator.api.runtime.ContainerRuntimeException;
import dev.orchestrator.api.runtime.ContainerStatus;
import dev.orchestrator.api.runtime.SandboxStatus;
import dev.orchestrator.kubelet.internal.volumes.PodVolumes;
import dev.orchestrator.kubelet.internal.volumes.VolumeSetupException;
import dev.orchestrator.kubelet.internal.probes.ContainerProbes;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one pod's containers in line with its spec, level-triggered: from the pod as the API
 * holds it and what the runtime runs for it (never from the event that woke it up), it starts the
 * sandbox, the init containers one after the other, then the app containers; restarts what exited
 * as the restart policy says, with back-off; terminates a pod being deleted and then deletes it for
 * good; removes what runs for a pod the API no longer has. Then it writes the pod's status.
 * Running containers are never touched unless the spec says so, which is how a new kubelet adopts them.
 */
final class PodSync {

    private static final Logger LOG = LoggerFactory.getLogger(PodSync.class);
    private static final Duration RUNTIME_RETRY = Duration.ofSeconds(5);
    private static final Duration SANDBOX_RETRY = Duration.ofSeconds(10);
    private static final Duration VOLUME_RETRY = Duration.ofSeconds(5);

    private final NodeSettings settings;
    private final PodRuntimes runtimes;
    private final KubeletEvents events;
    private final ContainerLauncher launcher;
    private final SandboxConfigs sandboxes;
    private final PodTermination termination;
    private final PodStatusWriter statusWriter;
    private final PodVolumes volumes;
    private final ContainerProbes probes;
    private final PodEvictions evictions;
    private final Map<String, PodRecord> records = new ConcurrentHashMap<>();
    /** Each runtime's name (the scheme of container ids), asked once per runtime instance. */
    private final Map<ContainerRuntime, String> runtimeNames =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    PodSync(NodeSettings settings, PodRuntimes runtimes, KubeletEvents events, ContainerLauncher launcher,
            SandboxConfigs sandboxes, PodTermination termination, PodStatusWriter statusWriter, PodVolumes volumes,
            ContainerProbes probes, PodEvictions evictions) {
        this.settings = settings;
        this.runtimes = runtimes;
        this.events = events;
        this.launcher = launcher;
        this.sandboxes = sandboxes;
        this.termination = termination;
        this.statusWriter = statusWriter;
        this.volumes = volumes;
        this.probes = probes;
        this.evictions = evictions;
    }

    /**
     * Syncs one pod.
     *
     * @param pod the pod as the API holds it, empty when the API no longer has it
     * @return when to sync it again regardless of events (empty: on the next event or resync)
     */
    Optional<Duration> sync(String uid, Optional<Pod> pod) {
        if (pod.isEmpty()) {
            probes.forget(uid);
            return removeOrphan(uid);
        }
        ContainerRuntime rt;
        try {
            rt = runtimes.forPod(pod.get()).orElse(null);
        } catch (PodRuntimes.NoRuntime e) {
            return noRuntime(pod.get(), e.getMessage());
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            LOG.warn("RuntimeClass of pod {} not readable: {}", key(pod.get()), e.getMessage());
            return Optional.of(RUNTIME_RETRY);
        }
        if (rt == null) {
            return Optional.of(RUNTIME_RETRY);
        }
        try {
            PodRuntimeState state = stateOf(rt, uid);
            if (pod.get().getMetadata().getDeletionTimestamp() != null || isTerminal(pod.get())) {
                probes.forget(uid);
                evictions.forget(uid);
            }
            Pod p = pod.get();
            PodRecord record = records.computeIfAbsent(uid, u -> new PodRecord(startTimeOf(p)));
            if (p.getMetadata().getDeletionTimestamp() != null) {
                terminateAndDelete(rt, p, state);
                return Optional.empty();
            }
            if (isTerminal(p)) {
                if (state.anyRunning() || state.sandbox().filter(s -> s.state() == SandboxStatus.State.READY).isPresent()) {
                    termination.terminate(rt, pod, state, gracePeriod(p));
                }
                return Optional.empty();
            }
            if (evictions.isEvicted(uid) || neverStarted(p, state) && evictions.refuseUnderPressure(p)) {
                return evict(rt, p, state, record, evictions.of(uid).orElseThrow());
            }
            Optional<Duration> again = start(rt, p, state, record);
            PodRuntimeState after = stateOf(rt, uid);
            probes.update(p, rt, runtimeName(rt), after.sandbox().map(SandboxStatus::ips).orElse(List.of()), after.containers());
            boolean terminal = statusWriter.write(p, after, record, runtimeName(rt));
            if (terminal) {
                termination.terminate(rt, pod, after, gracePeriod(p)); // frees the pod's IP
            }
            return again;
        } catch (ContainerRuntimeException e) {
            LOG.warn("pod sync failed pod={} uid={} error={}", pod.map(PodSync::key).orElse("?"), uid, e.getMessage());
            return Optional.of(RUNTIME_RETRY);
        }
    }

    /**
     * Carries out an eviction (or a refusal under pressure): stops the containers with the eviction's
     * grace, removes the pod's volumes (what evicting it was to reclaim: emptyDirs on disk and in
     * memory), and marks the pod Failed with reason Evicted. The dead containers stay, for their logs,
     * until the pod is deleted.
     */
    private Optional<Duration> evict(ContainerRuntime rt, Pod pod, PodRuntimeState state, PodRecord record,
                                     PodEvictions.Eviction eviction) {
        String uid = pod.getMetadata().getUid();
        probes.forget(uid);
        termination.terminate(rt, Optional.of(pod), state, eviction.grace());
        volumes.tearDown(uid); // what fails here is retried when the pod is deleted
        if (!statusWriter.writeEvicted(pod, stateOf(rt, uid), record, runtimeName(rt), eviction)) {
            return Optional.of(RUNTIME_RETRY);
        }
        evictions.finished(uid);
        LOG.info("pod evicted pod={} grace={} message={}", key(pod), eviction.grace(), eviction.message());
        return Optional.empty();
    }

    private String runtimeName(ContainerRuntime rt) {
        String name = runtimeNames.get(rt);
        if (name == null) {
            name = rt.version().runtimeName();
            runtimeNames.put(rt, name);
        }
        return name;
    }

    /**
     * A pod whose RuntimeClass does not exist or whose handler no runtime here serves does not start: its containers
     * wait with the reason and a FailedCreatePodSandBox warning says why, as Kubernetes' kubelet does. A pod that has
     * already run is left alone (its runtime may be away for a moment, e.g. while its bundle is updated); a pod being
     * deleted that never ran is simply let go.
     */
    private Optional<Duration> noRuntime(Pod pod, String why) {
        if (hasRun(pod)) {
            LOG.info("runtime of pod {} not available now: {}", key(pod), why);
            return Optional.of(RUNTIME_RETRY);
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            records.remove(pod.getMetadata().getUid());
            statusWriter.confirmDeletion(pod);
            return Optional.empty();
        }
        String message = "Failed to create pod sandbox: " + why;
        events.warning(pod, "FailedCreatePodSandBox", message);
        PodRecord record = records.computeIfAbsent(pod.getMetadata().getUid(), u -> new PodRecord(startTimeOf(pod)));
        ContainerWaiting waiting = new ContainerWaiting("ContainerCreating", message, SANDBOX_RETRY);
        for (Container c : pod.getSpec().getContainers()) {
            record.waiting.put(c.getName(), waiting);
        }
        statusWriter.write(pod, new PodRuntimeState(List.of(), List.of()), record, "");
        return Optional.of(SANDBOX_RETRY);
    }

    /** Whether any container of the pod has run (its status shows one running or terminated). */
    private static boolean hasRun(Pod pod) {
        if (pod.getStatus() == null) {
            return false;
        }
        return java.util.stream.Stream.concat(pod.getStatus().getContainerStatuses().stream(),
                        pod.getStatus().getInitContainerStatuses().stream())
                .anyMatch(s -> s.getState() != null && (s.getState().getRunning() != null
                        || s.getState().getTerminated() != null) || s.getLastState() != null
                        && s.getLastState().getTerminated() != null);
    }

    /** Forgets everything about pods other than these (called after a full resync). */
    void retainOnly(java.util.Set<String> uids) {
        records.keySet().retainAll(uids);
    }

    private Optional<Duration> start(ContainerRuntime rt, Pod pod, PodRuntimeState state, PodRecord record) {
        Optional<SandboxStatus> sandbox;
        try {
            setUpVolumes(pod);
            sandbox = ensureSandbox(rt, pod, state);
        } catch (ContainerWaiting w) {
            for (Container c : pod.getSpec().getContainers()) {
                record.waiting.put(c.getName(), w);
            }
            return Optional.of(w.retryAfter());
        }
        record.waiting.values().removeIf(w -> "ContainerCreating".equals(w.reason())); // volumes and sandbox are there
        if (sandbox.isEmpty()) {
            return Optional.empty(); // a finished pod whose sandbox is gone: nothing to start
        }
        PodRuntimeState current = sandbox.get().id().equals(state.sandbox().map(SandboxStatus::id).orElse(null))
                ? state : stateOf(rt, pod.getMetadata().getUid());
        if (probes.killFailed(rt, pod, current.containers())) {
            current = stateOf(rt, pod.getMetadata().getUid()); // the killed ones are restarted by the restart policy
        }
        return launcher.run(rt, pod, sandbox.get(), current, record);
    }

    /**
     * Every volume before the sandbox, as in Kubernetes; on every sync, which refreshes ConfigMap,
     * Secret and downward API files in place. A volume that cannot be set up keeps the pod in
     * ContainerCreating (with a FailedMount event) and is tried again.
     */
    private void setUpVolumes(Pod pod) throws ContainerWaiting {
        try {
            volumes.setUp(pod);
        } catch (VolumeSetupException e) {
            throw new ContainerWaiting("ContainerCreating", e.getMessage(), VOLUME_RETRY);
        }
    }

    /** The pod's ready sandbox, made anew when there is none or it died (then its containers go too). */
    private Optional<SandboxStatus> ensureSandbox(ContainerRuntime rt, Pod pod, PodRuntimeState state)
            throws ContainerWaiting {
        Optional<SandboxStatus> latest = state.sandbox();
        if (latest.isPresent() && latest.get().state() == SandboxStatus.State.READY) {
            return latest;
        }
        if (latest.isPresent()) {
            if ("Never".equals(pod.getSpec().getRestartPolicy()) && !state.containers().isEmpty()) {
                return Optional.empty();
            }
            events.normal(pod, "SandboxChanged", "Pod sandbox changed, it will be killed and re-created.");
            termination.terminate(rt, Optional.of(pod), state, Duration.ZERO);
        }
        int attempt = latest.map(s -> s.attempt() + 1).orElse(0);
        try {
            String id = rt.sandboxes().run(sandboxes.build(pod, attempt));
            LOG.info("sandbox started pod={} sandbox={} attempt={}", key(pod), id, attempt);
            return Optional.of(rt.sandboxes().status(id));
        } catch (ContainerRuntimeException e) {
            String message = "Failed to create pod sandbox: " + e.getMessage();
            events.warning(pod, "FailedCreatePodSandBox", message);
            throw new ContainerWaiting("ContainerCreating", message, SANDBOX_RETRY);
        }
    }

    private void terminateAndDelete(ContainerRuntime rt, Pod pod, PodRuntimeState state) {
        termination.terminate(rt, Optional.of(pod), state, gracePeriod(pod));
        removeAll(rt, stateOf(rt, pod.getMetadata().getUid()));
        volumes.tearDown(pod.getMetadata().getUid()); // what fails here is retried as an orphan by the resync
        records.remove(pod.getMetadata().getUid());
        launcher.forget(pod.getMetadata().getUid());
        sandboxes.removeLogs(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), pod.getMetadata().getUid());
        statusWriter.confirmDeletion(pod);
        LOG.info("pod terminated and deleted pod={}", key(pod));
    }

    /**
     * What every runtime holds of a pod the API does not have. A runtime other than the default one that cannot be
     * reached is passed over (a node may have a runtime bundle whose daemon does not run): its pods show up in a
     * relist once it answers, and are removed then.
     */
    private Optional<Duration> removeOrphan(String uid) {
        List<ContainerRuntime> all = runtimes.all();
        if (all.isEmpty()) {
            return Optional.of(RUNTIME_RETRY);
        }
        boolean failed = false;
        ContainerRuntime defaultRuntime = runtimes.defaultRuntime();
        for (ContainerRuntime rt : all) {
            try {
                removeOrphan(rt, uid, stateOf(rt, uid));
            } catch (dev.orchestrator.api.runtime.RuntimeUnavailableException e) {
                if (rt == defaultRuntime) {
                    failed = true;
                }
            } catch (ContainerRuntimeException e) {
                LOG.warn("removing what is left of pod uid={} failed error={}", uid, e.getMessage());
                failed = true;
            }
        }
        if (failed) {
            return Optional.of(RUNTIME_RETRY);
        }
        volumes.tearDown(uid); // once no runtime runs anything of the pod
        return Optional.empty();
    }

    /** Containers of a pod the API does not have (deleted while this kubelet was away, or force-deleted). */
    private void removeOrphan(ContainerRuntime rt, String uid, PodRuntimeState state) {
        if (!state.isEmpty()) {
            LOG.info("removing containers of a pod that no longer exists uid={} containers={}", uid,
                    state.containers().size());
            termination.terminate(rt, Optional.empty(), state, orphanGrace(state));
            removeAll(rt, stateOf(rt, uid));
            state.sandbox().ifPresent(s -> sandboxes.removeLogs(s.namespace(), s.name(), uid));
        }
        records.remove(uid);
        launcher.forget(uid);
    }

    private static Duration orphanGrace(PodRuntimeState state) {
        return state.sandbox().map(s -> s.annotations().get(RuntimeLabels.GRACE)).map(g -> {
            try {
                return Duration.ofSeconds(Math.min(Long.parseLong(g), 30));
            } catch (NumberFormatException e) {
                return Duration.ofSeconds(2);
            }
        }).orElse(Duration.ofSeconds(2));
    }

    private static void removeAll(ContainerRuntime rt, PodRuntimeState state) {
        for (ContainerStatus c : state.containers()) {
            rt.containers().remove(c.id());
        }
        for (SandboxStatus s : state.sandboxes()) {
            rt.sandboxes().stop(s.id());
            rt.sandboxes().remove(s.id());
        }
    }

    PodRuntimeState stateOf(ContainerRuntime rt, String uid) {
        Map<String, String> labels = Map.of(RuntimeLabels.POD_UID, uid);
        List<SandboxStatus> sandboxList = rt.sandboxes().list(labels);
        List<ContainerStatus> containerList = rt.containers().list(Optional.empty(), labels);
        return new PodRuntimeState(sandboxList, containerList);
    }

    /** A pod the runtime holds nothing of and the API does not show running: a new pod, to admit or refuse. */
    private static boolean neverStarted(Pod pod, PodRuntimeState state) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return state.isEmpty() && (phase == null || "Pending".equals(phase));
    }

    private static boolean isTerminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    /** The grace period of a deletion (deletionGracePeriodSeconds), else the pod's own. */
    static Duration gracePeriod(Pod pod) {
        Long grace = pod.getMetadata().getDeletionGracePeriodSeconds();
        if (grace == null) {
            grace = pod.getSpec().getTerminationGracePeriodSeconds();
        }
        return Duration.ofSeconds(grace == null ? 30 : Math.max(0, grace));
    }

    private static Instant startTimeOf(Pod pod) {
        if (pod.getStatus() != null && pod.getStatus().getStartTime() != null) {
            try {
                return Instant.parse(pod.getStatus().getStartTime());
            } catch (RuntimeException e) {
                // fall through: now is a fine start time
            }
        }
        return Instant.now();
    }

    static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }
}
