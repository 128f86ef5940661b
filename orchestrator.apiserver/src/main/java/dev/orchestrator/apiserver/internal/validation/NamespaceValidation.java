package dev.orchestrator.apiserver.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;

/** Namespaces: each of {@code spec.finalizers} is a standard or a domain-qualified finalizer name. */
public final class NamespaceValidation {

    private NamespaceValidation() {
    }

    public static void validate(JsonNode namespace, FieldErrors errors) {
        ObjectMetaValidation.finalizers(namespace.path("spec").path("finalizers"),
                FieldPath.root("spec").child("finalizers"), true, errors);
    }
}
