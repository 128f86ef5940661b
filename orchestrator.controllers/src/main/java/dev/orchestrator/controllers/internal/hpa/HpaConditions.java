package dev.orchestrator.controllers.internal.hpa;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerCondition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The HPA's conditions as one evaluation sets them (AbleToScale, ScalingActive, ScalingLimited): a condition
 * keeps its lastTransitionTime while its status stays the same, as Kubernetes' do.
 */
final class HpaConditions {

    static final String ABLE_TO_SCALE = "AbleToScale";
    static final String SCALING_ACTIVE = "ScalingActive";
    static final String SCALING_LIMITED = "ScalingLimited";

    private final List<HorizontalPodAutoscalerCondition> conditions = new ArrayList<>();
    private final String now;

    HpaConditions(List<HorizontalPodAutoscalerCondition> old, Instant now) {
        if (old != null) {
            old.forEach(c -> conditions.add(new HorizontalPodAutoscalerCondition(c.getLastTransitionTime(),
                    c.getMessage(), c.getObservedGeneration(), c.getReason(), c.getStatus(), c.getType())));
        }
        this.now = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    void set(String type, boolean status, String reason, String message) {
        String value = status ? "True" : "False";
        for (HorizontalPodAutoscalerCondition c : conditions) {
            if (type.equals(c.getType())) {
                if (!Objects.equals(value, c.getStatus())) {
                    c.setLastTransitionTime(now);
                }
                c.setStatus(value);
                c.setReason(reason);
                c.setMessage(message);
                return;
            }
        }
        HorizontalPodAutoscalerCondition c = new HorizontalPodAutoscalerCondition();
        c.setType(type);
        c.setStatus(value);
        c.setReason(reason);
        c.setMessage(message);
        c.setLastTransitionTime(now);
        conditions.add(c);
    }

    List<HorizontalPodAutoscalerCondition> list() {
        return List.copyOf(conditions);
    }
}
