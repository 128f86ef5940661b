package dev.orchestrator.kubelet.internal.eviction;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the thresholds met at each observation into node conditions and into the thresholds to act
 * upon, with Kubernetes' timing: a condition is True while one of its thresholds is met and for the
 * transition period after the last time one was (so that a node does not flap between pressure and
 * none as pods come and go), and a soft threshold is acted upon only once it has been met
 * continuously for its grace period. Not thread-safe: one monitor calls it.
 */
public final class PressureTracker {

    private final Duration transitionPeriod;
    /** Thresholds met now, with when they were first seen met in this run of being met. */
    private final Map<Threshold, Instant> firstObserved = new HashMap<>();
    /** Conditions, with the last time one of their thresholds was met. */
    private final Map<String, Instant> lastObserved = new HashMap<>();

    public PressureTracker(Duration transitionPeriod) {
        this.transitionPeriod = transitionPeriod;
    }

    /** What one observation means: the node's pressure conditions and the thresholds to reclaim now. */
    public record Verdict(NodePressure pressure, List<Threshold> toReclaim) {
    }

    public Verdict observe(List<Threshold> met, Instant now) {
        firstObserved.keySet().retainAll(met);
        for (Threshold t : met) {
            firstObserved.putIfAbsent(t, now);
            lastObserved.put(t.signal().condition(), now);
        }
        Set<String> conditions = new HashSet<>();
        lastObserved.entrySet().removeIf(e -> !Duration.between(e.getValue(), now).minus(transitionPeriod).isNegative()
                && met.stream().noneMatch(t -> t.signal().condition().equals(e.getKey())));
        conditions.addAll(lastObserved.keySet());
        List<Threshold> toReclaim = new ArrayList<>();
        for (Threshold t : met) {
            if (!Duration.between(firstObserved.get(t), now).minus(t.gracePeriod()).isNegative()) {
                toReclaim.add(t);
            }
        }
        return new Verdict(new NodePressure(conditions), List.copyOf(toReclaim));
    }
}
