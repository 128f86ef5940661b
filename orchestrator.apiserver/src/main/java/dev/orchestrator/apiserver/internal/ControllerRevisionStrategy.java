package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** ControllerRevisions: a non-negative revision number and data that never changes once written. */
final class ControllerRevisionStrategy implements ResourceStrategy {

    static final ControllerRevisionStrategy CONTROLLER_REVISION = new ControllerRevisionStrategy();

    private ControllerRevisionStrategy() {
    }

    @Override
    public void validate(ObjectNode revision, List<ApiException.Cause> causes) {
        if (revision.path("revision").isIntegralNumber() && revision.path("revision").asLong() < 0) {
            causes.add(new ApiException.Cause("FieldValueInvalid", "revision",
                    "Invalid value: " + revision.path("revision").asLong() + ": must be greater than or equal to 0"));
        }
    }

    @Override
    public void validateUpdate(ObjectNode revision, ObjectNode old, List<ApiException.Cause> causes) {
        if (!revision.path("data").equals(old.path("data"))) {
            causes.add(new ApiException.Cause("FieldValueInvalid", "data", "Invalid value: \"\": field is immutable"));
        }
    }
}
