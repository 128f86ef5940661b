package dev.orchestrator.controllers.internal.disruption;

import dev.orchestrator.controllers.internal.IntOrPercent;
import dev.orchestrator.controllers.internal.Times;
import dev.orchestrator.controllers.internal.pods.PodStates;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatusBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A PodDisruptionBudget's status from its pods, as Kubernetes' disruption controller computes it: expectedPods and
 * desiredHealthy from the bound (a number of pods, or a percentage of the controllers' scale), currentHealthy the
 * ready pods that are neither being deleted nor just evicted, disruptionsAllowed the surplus (0 while no pod is
 * expected), the evictions of status.disruptedPods kept until their pod is gone, being deleted, or overdue.
 */
final class DisruptionStatusCalc {

    static final String CONDITION = "DisruptionAllowed";

    /** The status to write, or a failure (fail safe: no disruption allowed); and when to look again. */
    record Outcome(PodDisruptionBudgetStatus status, Optional<Instant> recheck, List<String> unmanaged,
                   Optional<String> failure) {
    }

    private DisruptionStatusCalc() {
    }

    static Outcome compute(PodDisruptionBudget budget, List<Pod> pods, Function<List<Pod>, ControllerScale.Count> scale,
                           Duration deletionTimeout, Instant now) {
        PodDisruptionBudgetSpec spec = budget.getSpec();
        int expected = 0;
        int desired = 0;
        List<String> unmanaged = List.of();
        IntOrString max = spec.getMaxUnavailable();
        IntOrString min = spec.getMinAvailable();
        if (max != null || IntOrPercent.isPercent(min)) {
            ControllerScale.Count count = scale.apply(pods);
            if (count.failure().isPresent()) {
                return new Outcome(failSafe(budget, count.failure().get(), now), Optional.empty(), count.unmanaged(),
                        count.failure());
            }
            expected = count.expected();
            unmanaged = count.unmanaged();
            desired = max != null ? Math.max(0, expected - IntOrPercent.scaled(max, expected, true))
                    : IntOrPercent.scaled(min, expected, true);
        } else if (min != null) {
            expected = pods.size();
            desired = IntOrPercent.scaled(min, expected, true);
        }
        Map<String, String> disrupted = new TreeMap<>();
        Instant recheck = stillDisrupted(budget, pods, deletionTimeout, now, disrupted);
        int healthy = 0;
        for (Pod pod : pods) {
            if (pod.getMetadata().getDeletionTimestamp() == null && !disrupted.containsKey(pod.getMetadata().getName())
                    && PodStates.ready(pod)) {
                healthy++;
            }
        }
        int allowed = expected <= 0 ? 0 : Math.max(0, healthy - desired);
        long generation = budget.getMetadata().getGeneration() == null ? 0 : budget.getMetadata().getGeneration();
        PodDisruptionBudgetStatus status = new PodDisruptionBudgetStatusBuilder().withCurrentHealthy(healthy)
                .withDesiredHealthy(desired).withExpectedPods(expected).withDisruptionsAllowed(allowed)
                .withDisruptedPods(disrupted).withObservedGeneration(generation)
                .withConditions(condition(budget, allowed > 0 ? "True" : "False",
                        allowed > 0 ? "SufficientPods" : "InsufficientPods", "", generation, now))
                .build();
        return new Outcome(status, Optional.ofNullable(recheck), unmanaged, Optional.empty());
    }

    /**
     * Copies into {@code kept} the evictions whose pod still exists, is not yet being deleted, and is within the
     * deletion timeout; returns when the first of them runs out (null: none).
     */
    private static Instant stillDisrupted(PodDisruptionBudget budget, List<Pod> pods, Duration timeout, Instant now,
                                          Map<String, String> kept) {
        Map<String, String> recorded = budget.getStatus() == null ? null : budget.getStatus().getDisruptedPods();
        if (recorded == null || recorded.isEmpty()) {
            return null;
        }
        Instant recheck = null;
        for (Pod pod : pods) {
            String name = pod.getMetadata().getName();
            if (pod.getMetadata().getDeletionTimestamp() != null || !recorded.containsKey(name)) {
                continue;
            }
            Optional<Instant> since = Times.parse(recorded.get(name));
            Instant due = since.map(s -> s.plus(timeout)).orElse(now);
            if (due.isAfter(now)) {
                kept.put(name, recorded.get(name));
                recheck = recheck == null || due.isBefore(recheck) ? due : recheck;
            }
        }
        return recheck;
    }

    /** What Kubernetes writes when the status cannot be computed: no disruption, the reason in the condition. */
    private static PodDisruptionBudgetStatus failSafe(PodDisruptionBudget budget, String why, Instant now) {
        PodDisruptionBudgetStatus old = budget.getStatus() == null ? new PodDisruptionBudgetStatus() : budget.getStatus();
        long observed = old.getObservedGeneration() == null ? 0 : old.getObservedGeneration();
        return new PodDisruptionBudgetStatusBuilder(old).withDisruptionsAllowed(0)
                .withConditions(condition(budget, "False", "SyncFailed", why, observed, now)).build();
    }

    /**
     * The conditions with DisruptionAllowed set as Kubernetes' SetStatusCondition does: the transition time moves only
     * when the status changes; other conditions stay.
     */
    private static List<Condition> condition(PodDisruptionBudget budget, String status, String reason, String message,
                                             long observedGeneration, Instant now) {
        List<Condition> conditions = new ArrayList<>();
        Condition previous = null;
        if (budget.getStatus() != null && budget.getStatus().getConditions() != null) {
            for (Condition c : budget.getStatus().getConditions()) {
                if (CONDITION.equals(c.getType())) {
                    previous = c;
                } else {
                    conditions.add(c);
                }
            }
        }
        String since = previous != null && status.equals(previous.getStatus()) && previous.getLastTransitionTime() != null
                ? previous.getLastTransitionTime() : now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        conditions.add(new ConditionBuilder().withType(CONDITION).withStatus(status).withReason(reason)
                .withMessage(message).withObservedGeneration(observedGeneration).withLastTransitionTime(since).build());
        return conditions;
    }

    /** Whether the status to write differs from the stored one (the transition time alone never does). */
    static boolean differs(PodDisruptionBudgetStatus stored, PodDisruptionBudgetStatus wanted) {
        if (stored == null) {
            return true;
        }
        return !Objects.equals(stored.getCurrentHealthy(), wanted.getCurrentHealthy())
                || !Objects.equals(stored.getDesiredHealthy(), wanted.getDesiredHealthy())
                || !Objects.equals(stored.getExpectedPods(), wanted.getExpectedPods())
                || !Objects.equals(stored.getDisruptionsAllowed(), wanted.getDisruptionsAllowed())
                || !Objects.equals(stored.getObservedGeneration(), wanted.getObservedGeneration())
                || !Objects.equals(orEmpty(stored.getDisruptedPods()), orEmpty(wanted.getDisruptedPods()))
                || !sameConditions(stored.getConditions(), wanted.getConditions());
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }

    private static boolean sameConditions(List<Condition> stored, List<Condition> wanted) {
        List<Condition> a = stored == null ? List.of() : stored;
        if (a.size() != wanted.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            Condition x = a.get(i);
            Condition y = wanted.get(i);
            if (!Objects.equals(x.getType(), y.getType()) || !Objects.equals(x.getStatus(), y.getStatus())
                    || !Objects.equals(x.getReason(), y.getReason()) || !Objects.equals(x.getMessage(), y.getMessage())
                    || !Objects.equals(x.getObservedGeneration(), y.getObservedGeneration())) {
                return false;
            }
        }
        return true;
    }
}
