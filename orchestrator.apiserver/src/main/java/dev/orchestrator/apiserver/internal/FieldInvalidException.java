package dev.orchestrator.apiserver.internal;

/**
 * A field of the object being written is invalid; thrown where the object's type and name
 * are not at hand, and turned into a 422 Invalid by the request handler.
 */
final class FieldInvalidException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final ApiException.Cause cause;

    FieldInvalidException(String field, String value, String message) {
        super(field + ": Invalid value: \"" + value + "\": " + message);
        this.cause = new ApiException.Cause("FieldValueInvalid", field, "Invalid value: \"" + value + "\": " + message);
    }
}
