package dev.orchestrator.kubelet.internal;

import dev.orchestrator.api.runtime.ContainerRuntime;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node agent: registers the node and keeps its status and lease, watches the pods bound to it
 * and syncs each through {@link PodSync}, relists the runtime to notice exits, and resyncs every
 * pod periodically. Closing it stops its threads and watches only: containers keep running, and
 * the next kubelet adopts them.
 */
final class Kubelet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Kubelet.class);
    private static final long INFORMER_RETRY_MILLIS = 2000;

    private final KubernetesClient client;
    private final NodeSettings settings;
    private final ScheduledExecutorService timers;
    private final ExecutorService workersPool;
    private final ExecutorService eventWriter;
    private final ExecutorService terminations;
    private final NodeStatusReporter status;
    private final NodeLeaseRenewer lease;
    private final PodSync podSync;
    private final PodWorkers workers;
    private final RuntimeRelister relister;
    /** The pods bound to this node as the API holds them, by uid. */
    private final Map<String, Pod> pods = new ConcurrentHashMap<>();
    private volatile SharedIndexInformer<Pod> informer;
    private volatile boolean synced;

    Kubelet(KubernetesClient client, NodeSettings settings, Supplier<ContainerRuntime> runtime) {
        this.client = client;
        this.settings = settings;
        String name = "kubelet-" + settings.nodeName();
        this.timers = Executors.newScheduledThreadPool(2, new NamedThreads(name + "-timer"));
        this.workersPool = new ThreadPoolExecutor(settings.podWorkerThreads(), settings.podWorkerThreads(), 30,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(), new NamedThreads(name + "-pod"));
        ((ThreadPoolExecutor) workersPool).allowCoreThreadTimeOut(true);
        this.eventWriter = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1000),
                new NamedThreads(name + "-events"));
        ((ThreadPoolExecutor) eventWriter).allowCoreThreadTimeOut(true);
        this.terminations = new ThreadPoolExecutor(0, 256, 30, TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(),
                new NamedThreads(name + "-stop"), new ThreadPoolExecutor.CallerRunsPolicy());
        KubeletEvents events = new KubeletEvents(client, settings.nodeName(), eventWriter);
        this.status = new NodeStatusReporter(client, settings, runtime, events);
        this.lease = new NodeLeaseRenewer(client, settings.nodeName(), settings.leaseDurationSeconds());
        ConfigSources sources = new ApiConfigSources(client);
        ContainerConfigs configs = new ContainerConfigs(settings.nodeName());
        SandboxConfigs sandboxes = new SandboxConfigs(settings, configs);
        EnvResolver env = new EnvResolver(sources, Map.of("cpu", settings.capacityCpu(), "memory", settings.capacityMemory()));
        ContainerLauncher launcher = new ContainerLauncher(events,
                new ImagePuller(events, sources, client.getKubernetesSerialization()), env, configs, sandboxes,
                settings.nodeIp());
        this.podSync = new PodSync(settings, runtime, events, launcher, sandboxes, new PodTermination(events, terminations),
                new PodStatusWriter(client, new PodStatusBuilder(settings.nodeIp())));
        this.workers = new PodWorkers(workersPool, timers, uid -> podSync.sync(uid, Optional.ofNullable(pods.get(uid))));
        this.relister = new RuntimeRelister(runtime, settings.nodeName(), workers::enqueue);
    }

    void start() {
        LOG.info("kubelet starting node={} nodeIP={} podCIDR={} runtime={}", settings.nodeName(), settings.nodeIp(),
                settings.podCidr(), settings.runtimeTarget());
        timers.scheduleWithFixedDelay(this::reportStatus, 0, settings.statusCheckMillis(), TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(() -> guarded("lease", () -> lease.renew(status.node())),
                0, settings.leaseRenewMillis(), TimeUnit.MILLISECONDS);
        timers.execute(this::startInformer);
    }

    private void reportStatus() {
        guarded("node status", status::report);
    }

    /** Retried until the API answers: a kubelet started before its API server waits for it. */
    private void startInformer() {
        if (informer != null) {
            return;
        }
        try {
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
            i.start().toCompletableFuture().get(60, TimeUnit.SECONDS);
            informer = i;
            synced = true;
            LOG.info("kubelet watching its pods node={} pods={}", settings.nodeName(), pods.size());
            timers.scheduleWithFixedDelay(() -> guarded("relist", relister::relist), 0, settings.relistMillis(),
                    TimeUnit.MILLISECONDS);
            timers.scheduleWithFixedDelay(this::resync, settings.resyncMillis(), settings.resyncMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("kubelet cannot watch its pods yet, retrying node={} error={}", settings.nodeName(), e.toString());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                timers.schedule(this::startInformer, INFORMER_RETRY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // shutting down
            }
        }
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

    boolean synced() {
        return synced;
    }

    @Override
    public void close() {
        SharedIndexInformer<Pod> i = informer;
        if (i != null) {
            i.close();
        }
        timers.shutdownNow();
        workersPool.shutdownNow();
        eventWriter.shutdownNow();
        terminations.shutdownNow();
        try {
            workersPool.awaitTermination(10, TimeUnit.SECONDS);
            timers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("kubelet stopped node={} (containers keep running)", settings.nodeName());
    }
}
