package dev.orchestrator.api.admission;

/**
 * Thrown by a plugin to refuse a write. The API server answers with a Kubernetes {@code Status} of this
 * code, reason and message. For reason {@code Forbidden} the message says why, and the server puts the
 * object in front as Kubernetes does: {@code pods "web" is forbidden: <message>}; for any other reason the
 * message is sent as it is.
 */
public class AdmissionDeniedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The HTTP status code (4xx). */
    public final int code;
    /** The Kubernetes {@code Status.reason} ({@code Forbidden}, {@code NotFound}, {@code Invalid}…). */
    public final String reason;

    /** 403 Forbidden, for {@code why}. */
    public AdmissionDeniedException(String why) {
        this(403, "Forbidden", why);
    }

    /** @throws IllegalArgumentException when {@code code} is not a 4xx code */
    public AdmissionDeniedException(int code, String reason, String message) {
        super(message);
        if (code < 400 || code > 499) {
            throw new IllegalArgumentException("an admission denial is a client error (4xx), not " + code);
        }
        this.code = code;
        this.reason = reason;
    }
}
