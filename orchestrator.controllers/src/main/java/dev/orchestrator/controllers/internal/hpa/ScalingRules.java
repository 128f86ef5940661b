package dev.orchestrator.controllers.internal.hpa;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingPolicy;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingRules;
import java.util.List;

/**
 * The rules of one scaling direction of {@code spec.behavior}, with Kubernetes' defaults for what is unset:
 * scale up at once (window 0) by the larger of 100 % or 4 pods per 15 s; scale down after the controller's
 * downscale stabilization window (300 s unless configured) by up to 100 % per 15 s.
 *
 * @param selectPolicy {@code Max}, {@code Min} or {@code Disabled}
 */
record ScalingRules(int stabilizationSeconds, String selectPolicy, List<Policy> policies) {

    /** A rate limit: at most {@code value} pods (type Pods) or percent (Percent) per {@code periodSeconds}. */
    record Policy(String type, int value, int periodSeconds) {
    }

    ScalingRules {
        policies = List.copyOf(policies);
    }

    static ScalingRules scaleUp(HPAScalingRules given) {
        return of(given, 0, List.of(new Policy("Pods", 4, 15), new Policy("Percent", 100, 15)));
    }

    static ScalingRules scaleDown(HPAScalingRules given, int defaultWindowSeconds) {
        return of(given, defaultWindowSeconds, List.of(new Policy("Percent", 100, 15)));
    }

    private static ScalingRules of(HPAScalingRules given, int defaultWindow, List<Policy> defaultPolicies) {
        if (given == null) {
            return new ScalingRules(defaultWindow, "Max", defaultPolicies);
        }
        int window = given.getStabilizationWindowSeconds() == null ? defaultWindow : given.getStabilizationWindowSeconds();
        String select = given.getSelectPolicy() == null ? "Max" : given.getSelectPolicy();
        List<HPAScalingPolicy> policies = given.getPolicies();
        return new ScalingRules(window, select, policies == null || policies.isEmpty() ? defaultPolicies
                : policies.stream().map(p -> new Policy(p.getType(), p.getValue(), p.getPeriodSeconds())).toList());
    }

    /** How long scale events matter to these rules. */
    int longestPeriodSeconds() {
        return policies.stream().mapToInt(Policy::periodSeconds).max().orElse(0);
    }
}
