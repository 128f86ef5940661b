package dev.orchestrator.support.taints;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Optional;

/** Whether tolerations match taints, by the Kubernetes rules (the scheduler's filters, the taint eviction controller). */
public final class Tolerations {

    private Tolerations() {
    }

    public static boolean tolerates(Toleration t, Taint taint) {
        if (t.getEffect() != null && !t.getEffect().isEmpty() && !t.getEffect().equals(taint.getEffect())) {
            return false;
        }
        String key = t.getKey() == null ? "" : t.getKey();
        if (!key.isEmpty() && !key.equals(taint.getKey())) {
            return false;
        }
        String operator = t.getOperator() == null || t.getOperator().isEmpty() ? "Equal" : t.getOperator();
        if ("Exists".equals(operator)) {
            return true;
        }
        // an empty key with Equal matches nothing (only Exists may leave the key empty)
        String value = t.getValue() == null ? "" : t.getValue();
        String taintValue = taint.getValue() == null ? "" : taint.getValue();
        return !key.isEmpty() && value.equals(taintValue);
    }

    /** @return the first taint with one of the effects that no toleration matches */
    public static Optional<Taint> untolerated(List<Taint> taints, List<Toleration> tolerations, String... effects) {
        for (Taint taint : taints) {
            if (!List.of(effects).contains(taint.getEffect())) {
                continue;
            }
            if (tolerations.stream().noneMatch(t -> tolerates(t, taint))) {
                return Optional.of(taint);
            }
        }
        return Optional.empty();
    }
}
