package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.validation.AppsValidation;
import java.util.List;

/** DaemonSets: Kubernetes' defaults (a rolling update of one node at a time, ten revisions kept) and validation. */
final class DaemonSetStrategy implements ResourceStrategy {

    static final DaemonSetStrategy DAEMON_SET = new DaemonSetStrategy();

    private DaemonSetStrategy() {
    }

    @Override
    public void prepareForCreate(ObjectNode daemonSet) {
        ObjectNode spec = Json.objectField(daemonSet, "spec");
        defaultSpec(spec);
        WorkloadStrategies.defaultTemplate(spec);
        ObjectNode status = daemonSet.putObject("status");
        for (String count : List.of("currentNumberScheduled", "numberMisscheduled", "desiredNumberScheduled",
                "numberReady")) {
            status.put(count, 0);
        }
    }

    /** On update too: an apply that stops setting the strategy gets the default back (Kubernetes defaults every object). */
    private static void defaultSpec(ObjectNode spec) {
        ObjectNode strategy = Json.objectField(spec, "updateStrategy");
        PodStrategy.putIfAbsent(strategy, "type", "RollingUpdate");
        if ("RollingUpdate".equals(strategy.path("type").asText())) {
            ObjectNode rolling = Json.objectField(strategy, "rollingUpdate");
            if (!rolling.has("maxUnavailable")) {
                rolling.put("maxUnavailable", 1);
            }
            if (!rolling.has("maxSurge")) {
                rolling.put("maxSurge", 0);
            }
        }
        if (!spec.has("revisionHistoryLimit")) {
            spec.put("revisionHistoryLimit", 10);
        }
    }

    @Override
    public void prepareForUpdate(ObjectNode daemonSet, ObjectNode old) {
        WorkloadStrategies.templateDefaultsOnUpdate(daemonSet);
        if (daemonSet.get("spec") instanceof ObjectNode spec) {
            defaultSpec(spec);
        }
    }

    @Override
    public void validate(ObjectNode daemonSet, List<ApiException.Cause> causes) {
        AppsValidation.validateDaemonSet(daemonSet, WorkloadStrategies.SELECTORS, Causes.into(causes));
    }

    @Override
    public void validateUpdate(ObjectNode daemonSet, ObjectNode old, List<ApiException.Cause> causes) {
        AppsValidation.validateUpdate(daemonSet, old, Causes.into(causes));
    }
}
