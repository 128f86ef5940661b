package dev.orchestrator.admin.internal;

/** A request the endpoint refuses; becomes a {@code metav1.Status} with this code and reason. */
final class AdminException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int code;
    final String reason;

    AdminException(int code, String reason, String message) {
        super(message);
        this.code = code;
        this.reason = reason;
    }

    static AdminException badRequest(String message) {
        return new AdminException(400, "BadRequest", message);
    }

    static AdminException notFound(String message) {
        return new AdminException(404, "NotFound", message);
    }

    static AdminException conflict(String message) {
        return new AdminException(409, "Conflict", message);
    }

    static AdminException forbidden(String message) {
        return new AdminException(403, "Forbidden", message);
    }
}
