package dev.orchestrator.kubelet.internal;

import dev.orchestrator.api.runtime.ContainerRuntime;
import dev.orchestrator.client.InformerSupervisor;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
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

    private final KubernetesClient client;
    private final InformerSupervisor supervisor;
    private final NodeSettings settings;
    private final ScheduledExecutorService timers;
    private final NodeStatusReporter status;
    private final NodeLeaseRenewer lease;
    private final PodSync podSync;
    private final PodWorkers workers;
    private final RuntimeRelister relister;
    /** The pods bound to this node as the API holds them, by uid. */
    private final Map<String, Pod> pods = new ConcurrentHashMap<>();
    private volatile SharedIndexInformer<Pod> informer;
    private volatile boolean closed;
    /** This kubelet's periodic and pending tasks on the shared timers, cancelled on close. */
    private final List<Future<?>> tasks = new CopyOnWriteArrayList<>();

    /** A kubelet with one runtime for all its pods (hollow nodes). */
    Kubelet(KubernetesClient client, InformerSupervisor supervisor, NodeSettings settings,
            Supplier<ContainerRuntime> runtime, KubeletExecutors threads) {
        this(client, supervisor, settings, PodRuntimes.only(runtime), threads);
    }

    /** A kubelet whose pods run on the default runtime or, naming a RuntimeClass, on the runtime of its handler. */
    Kubelet(KubernetesClient client, InformerSupervisor supervisor, NodeSettings settings, PodRuntimes runtimes,
            KubeletExecutors threads) {
        this.client = client;
        this.supervisor = supervisor;
        this.settings = settings;
        this.timers = threads.timers();
        KubeletEvents events = new KubeletEvents(client, settings.nodeName(), threads.eventWriter());
        this.status = new NodeStatusReporter(client, settings, runtimes::defaultRuntime, events);
        this.lease = new NodeLeaseRenewer(client, settings.nodeName(), settings.leaseDurationSeconds());
        ConfigSources sources = new ApiConfigSources(client);
        ContainerConfigs configs = new ContainerConfigs(settings.nodeName());
        SandboxConfigs sandboxes = new SandboxConfigs(settings, configs);
        EnvResolver env = new EnvResolver(sources, Map.of("cpu", settings.capacityCpu(), "memory", settings.capacityMemory()));
        ContainerLauncher launcher = new ContainerLauncher(events,
                new ImagePuller(events, sources, client.getKubernetesSerialization()), env, configs, sandboxes,
                settings.nodeIp());
        this.podSync = new PodSync(settings, runtimes, events, launcher, sandboxes, new PodTermination(events, threads.terminations()),
                new PodStatusWriter(client, new PodStatusBuilder(settings.nodeIp())));
        this.workers = new PodWorkers(threads.podSyncs(), timers, uid -> podSync.sync(uid, Optional.ofNullable(pods.get(uid))));
        this.relister = new RuntimeRelister(runtimes::all, settings.nodeName(), workers::enqueue);
    }

    void start() {
        LOG.info("kubelet starting node={} nodeIP={} podCIDR={} runtime={}", settings.nodeName(), settings.nodeIp(),
                settings.podCidr(), settings.runtimeTarget());
        every(this::reportStatus, 0, settings.statusCheckMillis());
        every(() -> guarded("lease", () -> lease.renew(status.node())), 0, settings.leaseRenewMillis());
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

    private void track(Pod pod) {
        pods.put(pod.getMetadata().getUid(), pod);
        workers.enqueue(pod.getMetadata().getUid());
    }

    /** Every pod again, and every pod the runtime has anything of: the level-triggered safety net. */
    private void resync() {
        Set<String> uids = new HashSet<>(pods.keySet());
        uids.addAll(relister.knownPods());
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
        workers.close(java.time.Duration.ofSeconds(10));
        LOG.info("kubelet stopped node={} (containers keep running)", settings.nodeName());
    }
}
