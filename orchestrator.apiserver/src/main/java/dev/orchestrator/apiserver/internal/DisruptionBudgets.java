package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.validation.PolicyValidation;
import java.util.List;

/**
 * PodDisruptionBudgets (policy/v1): the strategy (a new budget starts without status, which the disruption
 * controller computes) and the cells of {@code kubectl get pdb}.
 */
final class DisruptionBudgets {

    private DisruptionBudgets() {
    }

    static final ResourceStrategy STRATEGY = new ResourceStrategy() {
        @Override
        public void prepareForCreate(ObjectNode budget) {
            budget.remove("status");
        }

        @Override
        public void validate(ObjectNode budget, List<ApiException.Cause> causes) {
            PolicyValidation.validate(budget, Causes.into(causes));
        }

        @Override
        public void validateStatusUpdate(ObjectNode budget, ObjectNode old, List<ApiException.Cause> causes) {
            PolicyValidation.validateStatus(budget, Causes.into(causes));
        }
    };

    static final TableColumns COLUMNS = TableColumns.named()
            .column("Min Available", "The minimum number of pods that must be available.",
                    o -> bound(o, "minAvailable"))
            .column("Max Unavailable", "The maximum number of pods that may be unavailable.",
                    o -> bound(o, "maxUnavailable"))
            .number("Allowed Disruptions", "Calculated number of pods that may be disrupted at this time.",
                    o -> o.path("status").path("disruptionsAllowed").asInt(0))
            .build();

    /** An int or a percentage as written, or kubectl's {@code N/A} when unset. */
    private static String bound(ObjectNode budget, String field) {
        JsonNode value = budget.path("spec").path(field);
        return value.isMissingNode() || value.isNull() ? "N/A" : value.asText();
    }
}
