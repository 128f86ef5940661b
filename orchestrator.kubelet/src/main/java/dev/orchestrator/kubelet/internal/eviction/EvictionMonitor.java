package dev.orchestrator.kubelet.internal.eviction;

import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes' node-pressure eviction for one kubelet, run every monitoring interval: observes the
 * signals its thresholds need, keeps the node's pressure conditions ({@link PressureTracker}),
 * evicts every pod over its local storage limits, and otherwise, while a threshold is to be
 * reclaimed, evicts the first pod of {@link EvictionRanking} — one pod per observation, and only
 * once the previous eviction has finished, so that the effect of one eviction is seen before the
 * next is decided. Critical pods are never evicted. Called from one thread at a time.
 */
public final class EvictionMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(EvictionMonitor.class);
    /** The grace of evictions for hard thresholds and local storage limits (Kubernetes' kubelet gives 1 s). */
    static final Duration IMMEDIATE = Duration.ZERO;

    private final String node;
    private final EvictionSettings settings;
    private final NodeSignals signals;
    private final LocalStorage storage;
    private final LocalStorageLimits limits;
    private final EvictionInputs inputs;
    private final PodEvictor evictor;
    private final BiConsumer<String, String> nodeWarning;
    private final Consumer<NodePressure> pressureChanged;
    private final Clock clock;
    private final PressureTracker tracker;
    private final long memoryCapacity;
    private volatile NodePressure pressure = NodePressure.NONE;

    /**
     * @param memoryCapacity the node's memory capacity in bytes (memory.available is what is left of it)
     * @param nodeWarning posts a Warning event about the node (reason, message)
     * @param pressureChanged told the new pressure when a condition turned True or False
     */
    public EvictionMonitor(String node, EvictionSettings settings, long memoryCapacity, NodeSignals signals,
                           LocalStorage storage, EvictionInputs inputs, PodEvictor evictor,
                           BiConsumer<String, String> nodeWarning, Consumer<NodePressure> pressureChanged, Clock clock) {
        this.node = node;
        this.settings = settings;
        this.memoryCapacity = memoryCapacity;
        this.signals = signals;
        this.storage = storage;
        this.limits = new LocalStorageLimits(storage);
        this.inputs = inputs;
        this.evictor = evictor;
        this.nodeWarning = nodeWarning;
        this.pressureChanged = pressureChanged;
        this.clock = clock;
        this.tracker = new PressureTracker(settings.transitionPeriod());
    }

    /** The node's pressure as last observed. */
    public NodePressure pressure() {
        return pressure;
    }

    /** One observation, and at most the evictions it calls for. */
    public void check() {
        EvictionInputs.MemoryUsage memory = inputs.memory();
        long used = settings.memoryFromPods() ? memory.podsWorkingSet() : memory.nodeWorkingSet();
        Map<Signal, Observation> observed = signals.observe(settings.signals(),
                new NodeSignals.Memory(memoryCapacity, used));
        List<Threshold> met = settings.all().stream()
                .filter(t -> observed.containsKey(t.signal()) && t.metBy(observed.get(t.signal()))).toList();
        PressureTracker.Verdict verdict = tracker.observe(met, clock.instant());
        publish(verdict.pressure(), met, observed);
        List<Pod> active = inputs.activePods();
        if (evictOverLimits(active)) {
            return;
        }
        if (verdict.toReclaim().isEmpty() || evictor.inProgress()) {
            return;
        }
        Threshold threshold = verdict.toReclaim().stream()
                .min(Comparator.comparing((Threshold t) -> t.signal().ordinal())
                        .thenComparing(t -> !t.hard())).orElseThrow();
        nodeWarning.accept("EvictionThresholdMet", "Attempting to reclaim " + threshold.signal().resource());
        evictOne(threshold, observed.get(threshold.signal()), active, memory);
    }

    private void publish(NodePressure now, List<Threshold> met, Map<Signal, Observation> observed) {
        if (!now.equals(pressure)) {
            LOG.info("node pressure changed node={} conditions={} met={} observed={}", node, now.conditions(), met,
                    observed.values());
            pressure = now;
            pressureChanged.accept(now);
        }
    }

    /** Evicts every pod over one of its local storage limits; whether any was. */
    private boolean evictOverLimits(List<Pod> active) {
        boolean evicted = false;
        for (Pod pod : active) {
            try {
                Optional<String> why = limits.violation(pod);
                if (why.isPresent()) {
                    evicted |= evict(pod, why.get(), IMMEDIATE, false);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("local storage of a pod not measured pod={}/{} error={}", pod.getMetadata().getNamespace(),
                        pod.getMetadata().getName(), e.toString());
            }
        }
        return evicted;
    }

    private void evictOne(Threshold threshold, Observation observation, List<Pod> active,
                          EvictionInputs.MemoryUsage memory) {
        List<PodConsumption> ranked = new ArrayList<>(consumption(threshold.signal(), active, memory));
        ranked.sort(EvictionRanking.of(threshold.signal()));
        for (PodConsumption candidate : ranked) {
            if (evict(candidate.pod(), EvictionMessages.nodeLow(threshold, observation, candidate),
                    grace(threshold, candidate.pod()), true)) {
                return;
            }
        }
        LOG.warn("eviction threshold met but no pod can be evicted node={} threshold={} observed={}", node, threshold,
                observation);
    }

    private boolean evict(Pod pod, String message, Duration grace, boolean nodePressure) {
        if (EvictionRanking.isCritical(pod)) {
            LOG.warn("a critical pod is not evicted node={} pod={}/{} reason={}", node, pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(), message);
            return false;
        }
        LOG.info("evicting pod node={} pod={}/{} grace={} message={}", node, pod.getMetadata().getNamespace(),
                pod.getMetadata().getName(), grace, message);
        evictor.evict(pod, message, grace, nodePressure);
        return true;
    }

    /** Hard thresholds evict at once; soft ones give the pod its grace, capped by evictionMaxPodGracePeriod. */
    private Duration grace(Threshold threshold, Pod pod) {
        if (threshold.hard()) {
            return IMMEDIATE;
        }
        Long own = pod.getSpec().getTerminationGracePeriodSeconds();
        Duration grace = Duration.ofSeconds(own == null ? 30 : Math.max(0, own));
        Duration max = settings.maxPodGracePeriod();
        return max.isZero() || grace.compareTo(max) <= 0 ? grace : max;
    }

    /** What each candidate uses of the signal's resource (pods using nothing measurable are left out for memory). */
    private List<PodConsumption> consumption(Signal signal, List<Pod> active, EvictionInputs.MemoryUsage memory) {
        List<PodConsumption> result = new ArrayList<>();
        for (Pod pod : active) {
            if (signal.isDisk()) {
                disk(pod, signal.isInodes()).ifPresent(result::add);
            } else {
                Map<String, Long> containers = memory.byPod().get(pod.getMetadata().getUid());
                if (containers != null) {
                    result.add(new PodConsumption(pod, containers,
                            containers.values().stream().mapToLong(Long::longValue).sum()));
                }
            }
        }
        return result;
    }

    private Optional<PodConsumption> disk(Pod pod, boolean inodes) {
        try {
            Map<String, Long> byContainer = new java.util.LinkedHashMap<>();
            storage.containerLogs(pod).forEach((name, u) -> byContainer.put(name, inodes ? u.inodes() : u.bytes()));
            DiskUsage total = storage.total(pod);
            return Optional.of(new PodConsumption(pod, byContainer, inodes ? total.inodes() : total.bytes()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("local storage of a pod not measured pod={}/{} error={}", pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(), e.toString());
            return Optional.empty();
        }
    }
}
