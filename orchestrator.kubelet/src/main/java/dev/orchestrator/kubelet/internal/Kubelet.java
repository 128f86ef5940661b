package dev.orchestrator.kubelet.internal;

import dev.orchestrator.api.runtime.ContainerRuntime;
import dev.orchestrator.client.InformerSupervisor;
import dev.orchestrator.kubelet.internal.eviction.EvictionMonitor;
import dev.orchestrator.kubelet.internal.eviction.EvictionSettings;
import dev.orchestrator.kubelet.internal.eviction.FilesystemStats;
import dev.orchestrator.kubelet.internal.eviction.LocalStorage;
import dev.orchestrator.kubelet.internal.eviction.NodePressure;
import dev.orchestrator.kubelet.internal.eviction.NodeSignals;
import dev.orchestrator.kubelet.internal.eviction.ProcessIds;
import dev.orchestrator.kubelet.internal.eviction.RecentFilesystemStats;
import dev.orchestrator.kubelet.internal.eviction.StatCommandFilesystem;
import dev.orchestrator.kubelet.internal.volumes.ContainerMounts;
import dev.orchestrator.kubelet.internal.volumes.LocalPathDirectories;
import dev.orchestrator.kubelet.internal.volumes.MountCommandTmpfs;
import dev.orchestrator.kubelet.internal.volumes.PodVolumes;
import dev.orchestrator.kubelet.internal.volumes.TmpfsMounter;
import io.fabric8.kubernetes.api.model.Quantity;
import dev.orchestrator.kubelet.internal.probes.ContainerProbes;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node agent: registers the node and keeps its status and lease, watches the pods bound to it
 * and syncs each through {@link PodSync}, relists the runtime to notice exits, and resyncs every
 * pod periodically. It owns no thread: its tasks run on the process' {@link KubeletExecutors}, and
 * closing it cancels its own tasks and watch only (containers keep running, and the next kubelet
 * adopts them).
 */
final class Kubelet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Kubelet.class);
    /** How often CPU and memory usage are sampled: the window of the CPU rates kubectl top shows. */
    private static final long USAGE_PERIOD_MILLIS = 10_000;
    /** How often the directories of deleted local-path volumes are looked for: one API read per remembered volume. */
    private static final long LOCAL_PATH_PERIOD_MILLIS = 15_000;

    private final KubernetesClient client;
    private final InformerSupervisor supervisor;
    private final NodeSettings settings;
    private final ScheduledExecutorService timers;
    private final NodeStatusReporter status;
    private final KubeletEvents events;
    private final NodeLeaseRenewer lease;
    private final PodSync podSync;
    private final PodWorkers workers;
    private final RuntimeRelister relister;
    private final UsageSampler usage;
    private final KubeletEndpoints endpoints;
    private final ContainerLogLocator logs;
    private final ContainerLogSettings logSettings;
    /** Null when the node keeps no logs (hollow nodes). */
    private final ContainerLogRotator rotator;
    private final PodRuntimeCalls podCalls;
    private volatile KubeletEndpoints.Registration endpoint = KubeletEndpoints.Registration.NONE;
    private final PodVolumes volumes;
    private final LocalPathDirectories localPaths;
    private final ContainerProbes probes;
    private final EvictionSettings eviction;
    /** Null on hollow nodes, which are never under pressure. */
    private final EvictionMonitor monitor;
    /** The pods bound to this node as the API holds them, by uid. */
    private final Map<String, Pod> pods = new ConcurrentHashMap<>();
    private volatile SharedIndexInformer<Pod> informer;
    private volatile boolean closed;
    /** This kubelet's periodic and pending tasks on the shared timers, cancelled on close. */
    private final List<Future<?>> tasks = new CopyOnWriteArrayList<>();

    /**
     * A kubelet with one runtime for all its pods (hollow nodes): it measures no network or file system (the
     * simulated pods have none, and the disk under them is the machine's).
     */
    Kubelet(KubernetesClient client, InformerSupervisor supervisor, ClusterServices services, NodeSettings settings,
            Supplier<ContainerRuntime> runtime, KubeletExecutors threads, KubeletEndpoints endpoints,
            ContainerLogSettings logSettings, EvictionSettings eviction) {
        this(client, supervisor, services, settings, PodRuntimes.only(runtime), threads, endpoints, logSettings,
                eviction, false);
    }

    /** A kubelet whose pods run on the default runtime or, naming a RuntimeClass, on the runtime of its handler. */
    Kubelet(KubernetesClient client, InformerSupervisor supervisor, ClusterServices services, NodeSettings settings,
            PodRuntimes runtimes, KubeletExecutors threads, KubeletEndpoints endpoints, ContainerLogSettings logSettings,
            EvictionSettings eviction) {
        this(client, supervisor, services, settings, runtimes, threads, endpoints, logSettings, eviction, true);
    }

    private Kubelet(KubernetesClient client, InformerSupervisor supervisor, ClusterServices services,
                    NodeSettings settings, PodRuntimes runtimes, KubeletExecutors threads, KubeletEndpoints endpoints,
                    ContainerLogSettings logSettings, EvictionSettings eviction, boolean measuresStorageNetwork) {
        this.client = client;
        this.eviction = eviction;
        this.supervisor = supervisor;
        this.settings = settings;
        this.timers = threads.timers();
        this.events = new KubeletEvents(client, settings.nodeName(), threads.eventWriter());
        this.status = new NodeStatusReporter(client, settings, runtimes::defaultRuntime, events, () -> endpoint.port(),
                this::pressure);
        this.endpoints = endpoints;
        this.logSettings = logSettings;
        // hollow nodes keep no logs, and their settings (size 0) are no rotation's
        this.rotator = logSettings.enabled() ? new ContainerLogRotator(runtimes::all, settings.nodeName(), logSettings)
                : null;
        this.podCalls = new PodRuntimeCalls(runtimes, settings.nodeName());
        this.logs = new ContainerLogLocator(this::pod, podCalls, settings.nodeName());
        this.lease = new NodeLeaseRenewer(client, settings.nodeName(), settings.leaseDurationSeconds());
        ConfigSources sources = new ApiConfigSources(client);
        Map<String, Quantity> allocatable = Map.of("cpu", settings.capacityCpu(), "memory", settings.capacityMemory());
        // beside the pods' volume directories, not among them (those are named by pod uid, and orphans removed)
        this.localPaths = new LocalPathDirectories(settings.volumesDir().resolveSibling(
                settings.volumesDir().getFileName() + ".local-path"),
                name -> Optional.ofNullable(client.persistentVolumes().withName(name).get()));
        this.volumes = new PodVolumes(settings.volumesDir(), settings.tmpfsVolumes() ? new MountCommandTmpfs()
                : TmpfsMounter.none(), sources, new DownwardApiValues(allocatable),
                (pod, message) -> events.warning(pod, "FailedMount", message),
                new ApiClaimPaths(client, settings.nodeName(), settings.labels(), localPaths));
        ContainerConfigs configs = new ContainerConfigs(settings.nodeName(), new ContainerMounts(volumes),
                new PodHostsFile(settings.volumesDir(), settings.dns().clusterDomain(), Path.of("/etc/hosts")));
        SandboxConfigs sandboxes = new SandboxConfigs(settings, configs);
        EnvResolver env = new EnvResolver(sources, services, allocatable);
        ContainerLauncher launcher = new ContainerLauncher(events,
                new ImagePuller(events, sources, client.getKubernetesSerialization()), env, configs, sandboxes,
                settings.nodeIp());
        this.probes = new ContainerProbes(timers, threads.probes(), (about, warning, reason, message) -> {
            if (warning) {
                events.warning(about, reason, message);
            } else {
                events.normal(about, reason, message);
            }
        }, this::probeChanged);
        PodEvictions evictions = new PodEvictions(events, this::enqueue, this::pressure);
        this.podSync = new PodSync(settings, runtimes, events, launcher, sandboxes, new PodTermination(events, threads.terminations()),
                new PodStatusWriter(client, new PodStatusBuilder(settings.nodeIp(), probes)), volumes, probes, evictions);
        this.workers = new PodWorkers(threads.podSyncs(), timers, uid -> podSync.sync(uid, podOf(uid)));
        this.relister = new RuntimeRelister(runtimes::all, settings.nodeName(), workers::enqueue);
        LocalStorage localStorage = new LocalStorage(volumes::volumeDir, sandboxes::logDirectory);
        Path proc = Path.of("/proc");
        // the sampler and the eviction monitor both stat the node's file system every 10 s: one answer serves both
        FilesystemStats filesystems = new RecentFilesystemStats(new StatCommandFilesystem(),
                java.time.Duration.ofMillis(USAGE_PERIOD_MILLIS), Clock.systemUTC());
        StorageNetworkSampler storageNetwork = !measuresStorageNetwork ? StorageNetworkSampler.NONE
                : NodeStorageNetworkSampler.of(settings, proc, localStorage, filesystems,
                        uid -> Optional.ofNullable(pods.get(uid)));
        this.usage = new UsageSampler(runtimes::all, settings.nodeName(), new NodeUsageReader(proc), storageNetwork,
                Clock.systemUTC());
        this.monitor = !eviction.monitored() ? null : new EvictionMonitor(settings.nodeName(), eviction,
                Quantities.units(settings.capacityMemory()),
                new NodeSignals(filesystems, settings.volumesDir(),
                        eviction.imageFsDir().orElse(settings.volumesDir()), new ProcessIds(proc)),
                localStorage,
                new NodeEvictionInputs(pods::values, usage, evictions, eviction.monitoringInterval()), evictions,
                this::nodeWarning, pressure -> later(this::reportStatus, 0), Clock.systemUTC());
    }

    private void enqueue(String uid) {
        workers.enqueue(uid);
    }

    private NodePressure pressure() {
        EvictionMonitor m = monitor;
        return m == null ? NodePressure.NONE : m.pressure();
    }

    private void nodeWarning(String reason, String message) {
        var node = status.node();
        if (node != null) {
            events.warning(node, reason, message);
        }
    }

    void start() {
        LOG.info("kubelet starting node={} nodeIP={} podCIDR={} runtime={}", settings.nodeName(), settings.nodeIp(),
                settings.podCidr(), settings.runtimeTarget());
        Instant started = Instant.now();
        long memoryBytes = Quantities.units(settings.capacityMemory());
        endpoint = endpoints.register(settings.nodeIp(), new NodeApi(settings.nodeName(), logs,
                new ContainerStreams(this::pod, podCalls, settings.nodeName()),
                () -> StatsSummary.of(settings.nodeName(), started, memoryBytes, usage.latest()), usage::latest));
        if (logSettings.enabled()) {
            every(() -> guarded("log rotation", rotator::rotate), logSettings.monitorMillis(), logSettings.monitorMillis());
        }
        every(this::reportStatus, 0, settings.statusCheckMillis());
        every(() -> guarded("lease", () -> lease.renew(status.node())), 0, settings.leaseRenewMillis());
        every(() -> guarded("usage", usage::sample), 0, USAGE_PERIOD_MILLIS);
        every(() -> guarded("local-path clean-up", localPaths::cleanUp), LOCAL_PATH_PERIOD_MILLIS, LOCAL_PATH_PERIOD_MILLIS);
        if (monitor != null) {
            long interval = eviction.monitoringInterval().toMillis();
            LOG.info("eviction monitor node={} hard={} soft={} transition={} interval={}", settings.nodeName(),
                    eviction.hard(), eviction.soft(), eviction.transitionPeriod(), eviction.monitoringInterval());
            every(() -> guarded("eviction", monitor::check), interval, interval);
        }
        later(this::startInformer, 0);
    }

    private void every(Runnable task, long initialDelayMillis, long periodMillis) {
        try {
            own(timers.scheduleWithFixedDelay(task, initialDelayMillis, periodMillis, TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException shuttingDown) {
            // the shared executors stop after every kubelet
        }
    }

    private void later(Runnable task, long delayMillis) {
        try {
            own(timers.schedule(task, delayMillis, TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException shuttingDown) {
            // the shared executors stop after every kubelet
        }
    }

    private void own(Future<?> task) {
        tasks.removeIf(Future::isDone);
        tasks.add(task);
        if (closed) {
            task.cancel(false);
        }
    }

    private void reportStatus() {
        guarded("node status", status::report);
    }

    /**
     * The supervisor retries until the API answers (a kubelet started before its API server waits
     * for it) and after every later failure, with back-off; undecodable pods are skipped by the
     * client. The start is asynchronous, so that a thousand kubelets starting at once do not hold
     * the shared timer threads while their first lists run. Relisting the runtime (and so adopting
     * or removing what it holds) only begins once the pods are listed.
     */
    private void startInformer() {
        if (closed) {
            return;
        }
        SharedIndexInformer<Pod> i = client.pods().inAnyNamespace().withField("spec.nodeName", settings.nodeName())
                .runnableInformer(0);
        i.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                track(pod);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                track(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                pods.remove(pod.getMetadata().getUid());
                workers.enqueue(pod.getMetadata().getUid());
            }
        });
        informer = i;
        supervisor.start(i).whenComplete((ok, stopped) -> {
            if (stopped == null && !closed) {
                LOG.info("kubelet watching its pods node={} pods={}", settings.nodeName(), pods.size());
                every(() -> guarded("relist", relister::relist), 0, settings.relistMillis());
                every(this::resync, settings.resyncMillis(), settings.resyncMillis());
            }
        });
    }

    /**
     * One of this node's pods by uid. The informer fills its store before its handlers have run, so just after the
     * first list (when relisting the runtime begins) a pod may be in the store but not yet handed to {@link #track}:
     * a pod this kubelet does not know yet is looked for there before it is taken for an orphan whose containers
     * would be removed (seen: one of 20 pods' containers replaced after a restart).
     */
    private Optional<Pod> podOf(String uid) {
        Pod known = pods.get(uid);
        if (known != null) {
            return Optional.of(known);
        }
        SharedIndexInformer<Pod> i = informer;
        return i == null ? Optional.empty()
                : i.getStore().list().stream().filter(p -> uid.equals(p.getMetadata().getUid())).findFirst();
    }

    /** One of this node's pods by namespace and name (for its logs and streams). */
    private Optional<Pod> pod(String namespace, String name) {
        return pods.values().stream().filter(p -> name.equals(p.getMetadata().getName())
                && namespace.equals(p.getMetadata().getNamespace())).findFirst();
    }

    /** A probe verdict changed: the pod's status (and maybe its containers) must follow. */
    private void probeChanged(String uid) {
        workers.enqueue(uid);
    }

    private void track(Pod pod) {
        pods.put(pod.getMetadata().getUid(), pod);
        workers.enqueue(pod.getMetadata().getUid());
    }

    /**
     * Every pod again, and every pod the runtime or the volume directory has anything of: the
     * level-triggered safety net (and what cleans up after pods deleted while no kubelet ran).
     */
    private void resync() {
        Set<String> uids = new HashSet<>(pods.keySet());
        uids.addAll(relister.knownPods());
        uids.addAll(volumes.podsOnDisk());
        uids.forEach(workers::enqueue);
        podSync.retainOnly(uids);
    }

    private static void guarded(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("kubelet {} failed error={}", what, e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        tasks.forEach(t -> t.cancel(false));
        SharedIndexInformer<Pod> i = informer;
        if (i != null) {
            i.close();
        }
        endpoint.close();
        probes.close();
        workers.close(java.time.Duration.ofSeconds(10));
        LOG.info("kubelet stopped node={} (containers keep running)", settings.nodeName());
    }
}
