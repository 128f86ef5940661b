package dev.orchestrator.controllers.internal.deployment;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;

/**
 * A rolling update's bounds in pods: how many more than {@code replicas} may exist (maxSurge,
 * a percentage rounded up) and how many fewer may be available (maxUnavailable, rounded down).
 * Both zero would never progress, so maxUnavailable is then 1, as in Kubernetes. A Recreate
 * Deployment has neither.
 */
record Fenceposts(int maxSurge, int maxUnavailable) {

    static final String ROLLING_UPDATE = "RollingUpdate";

    static Fenceposts of(Deployment d) {
        int replicas = Sizes.replicas(d);
        if (!isRollingUpdate(d)) {
            return new Fenceposts(0, 0);
        }
        RollingUpdateDeployment rolling = d.getSpec().getStrategy().getRollingUpdate();
        int surge = resolve(rolling == null ? null : rolling.getMaxSurge(), "25%", replicas, true);
        int unavailable = resolve(rolling == null ? null : rolling.getMaxUnavailable(), "25%", replicas, false);
        if (surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        return new Fenceposts(surge, unavailable);
    }

    static boolean isRollingUpdate(Deployment d) {
        return d.getSpec().getStrategy() == null || d.getSpec().getStrategy().getType() == null
                || ROLLING_UPDATE.equals(d.getSpec().getStrategy().getType());
    }

    /** maxUnavailable as the Available condition uses it: at most the replicas, 0 for Recreate. */
    int unavailableWithin(int replicas) {
        return Math.min(maxUnavailable, replicas);
    }

    /** A number, or a percentage of {@code replicas}; anything else (the API refuses it) counts as 0. */
    static int resolve(IntOrString value, String fallback, int replicas, boolean roundUp) {
        if (value == null) {
            return resolve(new IntOrString(fallback), null, replicas, roundUp);
        }
        return dev.orchestrator.controllers.internal.IntOrPercent.scaled(value, replicas, roundUp);
    }
}
