package dev.orchestrator.apiserver.internal.validation;

/**
 * One violation: the Kubernetes cause type ({@code FieldValueInvalid}, ...), the field path and
 * the message as Kubernetes words it ({@code Invalid value: 70000: must be between 1 and 65535, inclusive}).
 */
public record FieldError(String reason, String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
