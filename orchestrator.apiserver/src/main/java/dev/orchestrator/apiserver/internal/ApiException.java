package dev.orchestrator.apiserver.internal;

import java.util.List;

/**
 * A failed API request, answered as a Kubernetes {@code metav1.Status} with the HTTP code
 * and reason clients switch on. Factories exist for each reason the server uses.
 */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** One field-level problem of an Invalid (422) or BadRequest answer. */
    record Cause(String reason, String field, String message) {
    }

    final int code;
    final String reason;
    final String group;
    final String kind;
    final String name;
    final List<Cause> causes;
    final int retryAfterSeconds;

    private ApiException(int code, String reason, String message, String group, String kind, String name,
                         List<Cause> causes, int retryAfterSeconds) {
        super(message);
        this.code = code;
        this.reason = reason;
        this.group = group;
        this.kind = kind;
        this.name = name;
        this.causes = List.copyOf(causes);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** An error with only its HTTP code known; the reason is the one Kubernetes uses for that code. */
    static ApiException withCode(int code, String message) {
        String reason = switch (code) {
            case 400 -> "BadRequest";
            case 404 -> "NotFound";
            case 405 -> "MethodNotAllowed";
            case 406 -> "NotAcceptable";
            case 408 -> "Timeout";
            case 413 -> "RequestEntityTooLarge";
            case 415 -> "UnsupportedMediaType";
            case 422 -> "Invalid";
            case 429 -> "TooManyRequests";
            default -> code >= 500 ? "InternalError" : "";
        };
        return new ApiException(code, reason, message, null, null, null, List.of(), 0);
    }

    /** An error whose reason someone else chose (an admission plugin's denial). */
    static ApiException withReason(int code, String reason, String message) {
        return new ApiException(code, reason, message, null, null, null, List.of(), 0);
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequest", message, null, null, null, List.of(), 0);
    }

    static ApiException badRequest(String message, List<Cause> causes) {
        return new ApiException(400, "BadRequest", message, null, null, null, causes, 0);
    }

    static ApiException notFound(ResourceType type, String name) {
        return new ApiException(404, "NotFound", type.qualifiedName() + " \"" + name + "\" not found",
                type.group(), type.plural(), name, List.of(), 0);
    }

    /** 404 naming the resource as given ({@code podmetrics} in {@code metrics.k8s.io}), not as a served plural. */
    static ApiException notFound(String group, String resource, String name) {
        return new ApiException(404, "NotFound", resource + "." + group + " \"" + name + "\" not found",
                group, resource, name, List.of(), 0);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, "NotFound", message, null, null, null, List.of(), 0);
    }

    static ApiException methodNotAllowed(String message) {
        return new ApiException(405, "MethodNotAllowed", message, null, null, null, List.of(), 0);
    }

    static ApiException alreadyExists(ResourceType type, String name) {
        return new ApiException(409, "AlreadyExists", type.qualifiedName() + " \"" + name + "\" already exists",
                type.group(), type.plural(), name, List.of(), 0);
    }

    static ApiException conflict(ResourceType type, String name, String why) {
        return new ApiException(409, "Conflict", "Operation cannot be fulfilled on " + type.qualifiedName() + " \""
                + name + "\": " + why, type.group(), type.plural(), name, List.of(), 0);
    }

    /** 409 Conflict of a server-side apply: each cause names a field and the manager owning it. */
    static ApiException applyConflict(String message, List<Cause> causes) {
        return new ApiException(409, "Conflict", message, null, null, null, causes, 0);
    }

    static ApiException gone(String message) {
        return new ApiException(410, "Expired", message, null, null, null, List.of(), 0);
    }

    static ApiException tooLarge(String message) {
        return new ApiException(413, "RequestEntityTooLarge", message, null, null, null, List.of(), 0);
    }

    static ApiException unsupportedMediaType(String message) {
        return new ApiException(415, "UnsupportedMediaType", message, null, null, null, List.of(), 0);
    }

    static ApiException invalid(ResourceType type, String name, List<Cause> causes) {
        StringBuilder message = new StringBuilder(type.kind() + " \"" + name + "\" is invalid: ");
        for (int i = 0; i < causes.size(); i++) {
            Cause c = causes.get(i);
            message.append(i == 0 ? "" : ", ").append(c.field()).append(": ").append(c.message());
        }
        return new ApiException(422, "Invalid", message.toString(), type.group(), type.kind(), name, causes, 0);
    }

    /**
     * 422 Invalid for request options that are not an object (DeleteOptions): Kubernetes names the
     * options' kind in group {@code meta.k8s.io} and an empty name.
     */
    static ApiException invalidOptions(String kind, List<Cause> causes) {
        StringBuilder message = new StringBuilder(kind + ".meta.k8s.io \"\" is invalid: ");
        for (int i = 0; i < causes.size(); i++) {
            Cause c = causes.get(i);
            message.append(i == 0 ? "" : ", ").append(c.field()).append(": ").append(c.message());
        }
        return new ApiException(422, "Invalid", message.toString(), "meta.k8s.io", kind, "", causes, 0);
    }

    static ApiException unprocessable(String message) {
        return new ApiException(422, "Invalid", message, null, null, null, List.of(), 0);
    }

    static ApiException forbidden(String message) {
        return new ApiException(403, "Forbidden", message, null, null, null, List.of(), 0);
    }

    /** 403 about one resource ({@code resource} the plural, {@code name} empty for a collection), as Kubernetes details it. */
    static ApiException forbidden(String group, String resource, String name, String message) {
        return new ApiException(403, "Forbidden", message, group.isEmpty() ? null : group,
                resource.isEmpty() ? null : resource, name.isEmpty() ? null : name, List.of(), 0);
    }

    /** 403 about one resource with the causes that say why (content of a namespace being deleted). */
    static ApiException forbidden(String group, String resource, String name, String message, List<Cause> causes) {
        return new ApiException(403, "Forbidden", message, group.isEmpty() ? null : group,
                resource.isEmpty() ? null : resource, name.isEmpty() ? null : name, causes, 0);
    }

    static ApiException tooManyRequests(String message, int retryAfterSeconds) {
        return new ApiException(429, "TooManyRequests", message, null, null, null, List.of(), retryAfterSeconds);
    }

    /** 429 with the causes that say why (an eviction refused by a disruption budget). */
    static ApiException tooManyRequests(String message, int retryAfterSeconds, List<Cause> causes) {
        return new ApiException(429, "TooManyRequests", message, null, null, null, causes, retryAfterSeconds);
    }

    static ApiException unavailable(String message) {
        return new ApiException(503, "ServiceUnavailable", message, null, null, null, List.of(), 1);
    }

    /**
     * 503 without Retry-After: a part of the cluster that is down (a node's kubelet), which an
     * immediate retry would not find back; client-go would otherwise retry it ten times.
     */
    static ApiException dependencyUnavailable(String message) {
        return new ApiException(503, "ServiceUnavailable", message, null, null, null, List.of(), 0);
    }

        static ApiException timeout(String message) {
        return new ApiException(504, "Timeout", message, null, null, null, List.of(), 1);
    }

    static ApiException internal(String message) {
        return new ApiException(500, "InternalError", message, null, null, null, List.of(), 0);
    }
}
