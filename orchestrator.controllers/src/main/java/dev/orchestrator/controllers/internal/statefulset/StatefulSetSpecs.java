package dev.orchestrator.controllers.internal.statefulset;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;

/**
 * A StatefulSet's spec with the API server's defaults applied where a field is absent (an object written before
 * the defaults existed, or a test object): one replica, OrderedReady, RollingUpdate with partition 0, ten revisions,
 * no minReadySeconds, ordinals from 0.
 */
final class StatefulSetSpecs {

    static final String PARALLEL = "Parallel";
    static final String ON_DELETE = "OnDelete";

    private StatefulSetSpecs() {
    }

    static int replicas(StatefulSet sts) {
        Integer replicas = spec(sts).getReplicas();
        return replicas == null ? 1 : Math.max(0, replicas);
    }

    /** The first ordinal ({@code spec.ordinals.start}). */
    static int start(StatefulSet sts) {
        var ordinals = spec(sts).getOrdinals();
        return ordinals == null || ordinals.getStart() == null ? 0 : Math.max(0, ordinals.getStart());
    }

    static int minReadySeconds(StatefulSet sts) {
        Integer seconds = spec(sts).getMinReadySeconds();
        return seconds == null ? 0 : Math.max(0, seconds);
    }

    /** True for {@code podManagementPolicy: Parallel}: no waiting for lower ordinals. */
    static boolean parallel(StatefulSet sts) {
        return PARALLEL.equals(spec(sts).getPodManagementPolicy());
    }

    static boolean onDelete(StatefulSet sts) {
        StatefulSetUpdateStrategy strategy = spec(sts).getUpdateStrategy();
        return strategy != null && ON_DELETE.equals(strategy.getType());
    }

    /** Ordinals below the partition keep the current revision during a rolling update. */
    static int partition(StatefulSet sts) {
        StatefulSetUpdateStrategy strategy = spec(sts).getUpdateStrategy();
        if (strategy == null || strategy.getRollingUpdate() == null) {
            return 0;
        }
        Integer partition = strategy.getRollingUpdate().getPartition();
        return partition == null ? 0 : Math.max(0, partition);
    }

    static int revisionHistoryLimit(StatefulSet sts) {
        Integer limit = spec(sts).getRevisionHistoryLimit();
        return limit == null ? 10 : Math.max(0, limit);
    }

    private static StatefulSetSpec spec(StatefulSet sts) {
        return sts.getSpec() == null ? new StatefulSetSpec() : sts.getSpec();
    }
}
