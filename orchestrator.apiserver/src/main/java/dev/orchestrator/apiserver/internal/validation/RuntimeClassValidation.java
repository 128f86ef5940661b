package dev.orchestrator.apiserver.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * RuntimeClasses (node.k8s.io/v1): {@code handler}, a top-level field naming the runtime handler a node's kubelet
 * runs the class's pods with, is required, a DNS label (RFC 1123) and immutable, as in Kubernetes.
 */
public final class RuntimeClassValidation {

    private static final FieldPath TOP = FieldPath.root("");

    private RuntimeClassValidation() {
    }

    public static void validate(JsonNode runtimeClass, FieldErrors errors) {
        CommonFields.name(runtimeClass, "handler", true, NameFormats::dns1123Label, TOP, errors);
    }

    public static void validateUpdate(JsonNode updated, JsonNode old, FieldErrors errors) {
        CommonFields.immutable(updated, old, "handler", TOP, errors);
    }
}
