package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.validation.AppsValidation;
import java.util.List;

/**
 * StatefulSets: Kubernetes' defaults (one replica, ordered pod management, a rolling update from the highest ordinal
 * with partition 0, ten revisions kept, claims retained) and validation, with the spec fixed at creation but for the
 * fields Kubernetes lets change.
 */
final class StatefulSetStrategy implements ResourceStrategy {

    static final StatefulSetStrategy STATEFUL_SET = new StatefulSetStrategy();

    private StatefulSetStrategy() {
    }

    @Override
    public void prepareForCreate(ObjectNode statefulSet) {
        ObjectNode spec = Json.objectField(statefulSet, "spec");
        defaultSpec(spec);
        WorkloadStrategies.defaultTemplate(spec);
        statefulSet.putObject("status").put("replicas", 0).put("availableReplicas", 0);
    }

    private static void defaultSpec(ObjectNode spec) {
        WorkloadStrategies.defaultReplicas(spec);
        PodStrategy.putIfAbsent(spec, "podManagementPolicy", "OrderedReady");
        ObjectNode strategy = Json.objectField(spec, "updateStrategy");
        PodStrategy.putIfAbsent(strategy, "type", "RollingUpdate");
        if ("RollingUpdate".equals(strategy.path("type").asText())) {
            ObjectNode rolling = Json.objectField(strategy, "rollingUpdate");
            if (!rolling.has("partition")) {
                rolling.put("partition", 0);
            }
        }
        if (!spec.has("revisionHistoryLimit")) {
            spec.put("revisionHistoryLimit", 10);
        }
        ObjectNode retention = Json.objectField(spec, "persistentVolumeClaimRetentionPolicy");
        PodStrategy.putIfAbsent(retention, "whenDeleted", "Retain");
        PodStrategy.putIfAbsent(retention, "whenScaled", "Retain");
    }

    @Override
    public void prepareForUpdate(ObjectNode statefulSet, ObjectNode old) {
        WorkloadStrategies.templateDefaultsOnUpdate(statefulSet);
        if (statefulSet.get("spec") instanceof ObjectNode spec) {
            defaultSpec(spec);
        }
    }

    @Override
    public void validate(ObjectNode statefulSet, List<ApiException.Cause> causes) {
        AppsValidation.validateStatefulSet(statefulSet, WorkloadStrategies.SELECTORS, Causes.into(causes));
    }

    @Override
    public void validateUpdate(ObjectNode statefulSet, ObjectNode old, List<ApiException.Cause> causes) {
        AppsValidation.validateStatefulSetUpdate(statefulSet, old, Causes.into(causes));
    }
}
