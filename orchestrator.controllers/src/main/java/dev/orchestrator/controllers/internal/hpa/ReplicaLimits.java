package dev.orchestrator.controllers.internal.hpa;

import java.time.Instant;
import java.util.List;

/**
 * What becomes of a recommendation before the target is scaled, as in Kubernetes' HPA with behaviors:
 * first the stabilization windows (scale up to no more than the lowest recommendation of the scale-up
 * window, down to no less than the highest of the scale-down window, so one spike or dip does not flap the
 * replicas), then the rate policies (how many pods may be added or removed given the scale events of their
 * period) and the min/max bounds. Pure: the histories and the clock come in as arguments.
 */
final class ReplicaLimits {

    /** A past recommendation. */
    record Recommendation(Instant at, int replicas) {
    }

    /** A past rescale: {@code change} pods added (positive) or removed (negative). */
    record ScaleEvent(Instant at, int change) {
    }

    /**
     * The replicas to scale to and whether a limit held them back (condition ScalingLimited).
     *
     * @param reason e.g. {@code DesiredWithinRange}, {@code ScaleUpLimit}, {@code TooManyReplicas}
     */
    record Limited(int replicas, boolean limited, String reason, String message) {
    }

    private ReplicaLimits() {
    }

    /** The recommendation after the windows, {@code history} being the recommendations before this one. */
    static int stabilized(int current, int desired, List<Recommendation> history, ScalingRules up, ScalingRules down,
                          Instant now) {
        int upRecommendation = desired;
        int downRecommendation = desired;
        Instant upCutoff = now.minusSeconds(up.stabilizationSeconds());
        Instant downCutoff = now.minusSeconds(down.stabilizationSeconds());
        for (Recommendation r : history) {
            if (r.at().isAfter(upCutoff)) {
                upRecommendation = Math.min(upRecommendation, r.replicas());
            }
            if (r.at().isAfter(downCutoff)) {
                downRecommendation = Math.max(downRecommendation, r.replicas());
            }
        }
        int recommendation = Math.max(current, upRecommendation);
        return Math.min(recommendation, downRecommendation);
    }

    /** The stabilized recommendation held to the rate policies and to [min, max]. */
    static Limited bounded(int current, int desired, int min, int max, List<ScaleEvent> events, ScalingRules up,
                           ScalingRules down, Instant now) {
        if (desired > current) {
            int rateLimit = Math.max(current, scaleUpLimit(current, events, up, now));
            boolean byRate = max > rateLimit;
            int allowed = byRate ? rateLimit : max;
            if (desired > allowed) {
                return byRate
                        ? new Limited(allowed, true, "ScaleUpLimit", "the desired replica count is increasing faster than the "
                                + "maximum scale rate")
                        : new Limited(allowed, true, "TooManyReplicas", "the desired replica count is more than the maximum "
                                + "replica count");
            }
        } else if (desired < current) {
            int rateLimit = Math.min(current, scaleDownLimit(current, events, down, now));
            boolean byRate = min < rateLimit;
            int allowed = byRate ? rateLimit : min;
            if (desired < allowed) {
                return byRate
                        ? new Limited(allowed, true, "ScaleDownLimit", "the desired replica count is decreasing faster than "
                                + "the maximum scale rate")
                        : new Limited(allowed, true, "TooFewReplicas", "the desired replica count is less than the minimum "
                                + "replica count");
            }
        }
        return new Limited(desired, false, "DesiredWithinRange", "the desired count is within the acceptable range");
    }

    /** The most replicas the scale-up policies allow now (Max: the most generous policy; Min: the strictest). */
    static int scaleUpLimit(int current, List<ScaleEvent> events, ScalingRules rules, Instant now) {
        if (rules.selectPolicy().equals("Disabled")) {
            return current;
        }
        boolean max = !rules.selectPolicy().equals("Min");
        int result = max ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        for (ScalingRules.Policy p : rules.policies()) {
            int periodStart = current - added(events, p.periodSeconds(), now) + removed(events, p.periodSeconds(), now);
            int proposed = p.type().equals("Pods") ? periodStart + p.value()
                    : (int) Math.ceil(periodStart * (1 + p.value() / 100.0));
            result = max ? Math.max(result, proposed) : Math.min(result, proposed);
        }
        return result;
    }

    /** The fewest replicas the scale-down policies allow now (Max: the most generous policy; Min: the strictest). */
    static int scaleDownLimit(int current, List<ScaleEvent> events, ScalingRules rules, Instant now) {
        if (rules.selectPolicy().equals("Disabled")) {
            return current;
        }
        boolean max = !rules.selectPolicy().equals("Min");
        int result = max ? Integer.MAX_VALUE : Integer.MIN_VALUE;
        for (ScalingRules.Policy p : rules.policies()) {
            int periodStart = current - added(events, p.periodSeconds(), now) + removed(events, p.periodSeconds(), now);
            int proposed = p.type().equals("Pods") ? periodStart - p.value()
                    : (int) (periodStart * (1 - p.value() / 100.0));
            result = max ? Math.min(result, proposed) : Math.max(result, proposed);
        }
        return result;
    }

    private static int added(List<ScaleEvent> events, int periodSeconds, Instant now) {
        Instant cutoff = now.minusSeconds(periodSeconds);
        return events.stream().filter(e -> e.change() > 0 && e.at().isAfter(cutoff)).mapToInt(ScaleEvent::change).sum();
    }

    private static int removed(List<ScaleEvent> events, int periodSeconds, Instant now) {
        Instant cutoff = now.minusSeconds(periodSeconds);
        return -events.stream().filter(e -> e.change() < 0 && e.at().isAfter(cutoff)).mapToInt(ScaleEvent::change).sum();
    }
}
