package dev.orchestrator.apiserver.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;

/** Leases (coordination.k8s.io/v1): a positive duration, a non-negative transition count; any holder. */
public final class LeaseValidation {

    private static final FieldPath SPEC = FieldPath.root("spec");

    private LeaseValidation() {
    }

    public static void validate(JsonNode lease, FieldErrors errors) {
        CommonFields.positive(lease.path("spec"), "leaseDurationSeconds", SPEC, errors);
        CommonFields.nonNegative(lease.path("spec"), "leaseTransitions", SPEC, errors);
    }
}
