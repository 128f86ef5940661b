package dev.orchestrator.apiserver.internal.auth;

/**
 * A credential that proves no one (a certificate of another CA or expired, an unknown token). The client is told
 * only "Unauthorized", as Kubernetes answers; the reason is for the server's log.
 */
public final class Unauthenticated extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public Unauthenticated(String reason) {
        super(reason, null, false, false);
    }
}
