package dev.orchestrator.kubelet.internal.eviction;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one kubelet watches for resource pressure and evicts, resolved from its configuration. A
 * value that cannot be read does not stop the kubelet: the error is logged with what is used
 * instead (Kubernetes' default), since a node without eviction is worse than one with defaults.
 *
 * @param hard thresholds acted upon as soon as they are met
 * @param soft thresholds acted upon once met for their grace period
 * @param maxPodGracePeriod the longest grace a pod evicted for a soft threshold gets (zero: its own)
 * @param transitionPeriod how long a pressure condition stays True after its thresholds stopped being met
 * @param monitoringInterval how often signals are observed (and at most one pod is evicted)
 * @param memoryFromPods memory.available = capacity − the pods' working sets (a configured capacity),
 *                       rather than what the machine has available
 * @param imageFsDir a directory on the runtime's image file system, when it is not the node's
 * @param monitored whether the node is watched at all (pods' local storage limits are checked even
 *                  without thresholds, as in Kubernetes); false only for hollow nodes
 */
public record EvictionSettings(List<Threshold> hard, List<Threshold> soft, Duration maxPodGracePeriod,
                               Duration transitionPeriod, Duration monitoringInterval, boolean memoryFromPods,
                               Optional<Path> imageFsDir, boolean monitored) {

    private static final Logger LOG = LoggerFactory.getLogger(EvictionSettings.class);

    /** Kubernetes' evictionHard defaults on Linux. */
    public static final String DEFAULT_HARD =
            "memory.available<100Mi,nodefs.available<10%,nodefs.inodesFree<5%,imagefs.available<15%";
    public static final String DEFAULT_TRANSITION = "5m";
    public static final String DEFAULT_INTERVAL = "10s";

    /** Nothing observed, nothing evicted, no pressure ever (hollow nodes: nothing real to run short of). */
    public static final EvictionSettings DISABLED = new EvictionSettings(List.of(), List.of(), Duration.ZERO,
            Duration.ofMinutes(5), Duration.ofSeconds(10), false, Optional.empty(), false);

    public EvictionSettings {
        hard = List.copyOf(hard);
        soft = List.copyOf(soft);
    }

    /**
     * From the configuration's text values; each that cannot be read is logged as an error and
     * replaced by its default.
     */
    public static EvictionSettings of(String node, String hard, String soft, String softGracePeriods,
                                      int maxPodGraceSeconds, String transition, String interval,
                                      boolean memoryFromPods, Optional<Path> imageFsDir) {
        List<Threshold> hardThresholds;
        try {
            hardThresholds = ThresholdParser.thresholds(hard);
        } catch (IllegalArgumentException e) {
            LOG.error("evictionHard is invalid, using Kubernetes' defaults instead node={} value='{}' error={} defaults={}",
                    node, hard, e.getMessage(), DEFAULT_HARD);
            hardThresholds = ThresholdParser.thresholds(DEFAULT_HARD);
        }
        List<Threshold> softThresholds;
        try {
            softThresholds = ThresholdParser.softThresholds(soft, softGracePeriods);
        } catch (IllegalArgumentException e) {
            LOG.error("evictionSoft/evictionSoftGracePeriod are invalid, no soft thresholds are used node={} soft='{}' "
                    + "gracePeriods='{}' error={}", node, soft, softGracePeriods, e.getMessage());
            softThresholds = List.of();
        }
        if (maxPodGraceSeconds < 0) {
            LOG.error("evictionMaxPodGracePeriod is negative, pods keep their own grace period node={} value={}", node,
                    maxPodGraceSeconds);
            maxPodGraceSeconds = 0;
        }
        return new EvictionSettings(hardThresholds, softThresholds, Duration.ofSeconds(maxPodGraceSeconds),
                duration(node, "evictionPressureTransitionPeriod", transition, DEFAULT_TRANSITION, false),
                duration(node, "evictionMonitoringInterval", interval, DEFAULT_INTERVAL, true), memoryFromPods, imageFsDir, true);
    }

    private static Duration duration(String node, String name, String value, String fallback, boolean positive) {
        try {
            Duration d = ThresholdParser.duration(value);
            if (positive && (d.isZero() || d.isNegative())) {
                throw new IllegalArgumentException("it must be positive");
            }
            return d;
        } catch (IllegalArgumentException e) {
            LOG.error("{} is invalid, using {} instead node={} value='{}' error={}", name, fallback, node, value,
                    e.getMessage());
            return ThresholdParser.duration(fallback);
        }
    }

    /** Every threshold, hard ones first. */
    public List<Threshold> all() {
        List<Threshold> all = new ArrayList<>(hard);
        all.addAll(soft);
        return all;
    }

    /** The signals some threshold needs observed (only these are measured). */
    public Set<Signal> signals() {
        Set<Signal> signals = EnumSet.noneOf(Signal.class);
        all().forEach(t -> signals.add(t.signal()));
        return signals;
    }
}
