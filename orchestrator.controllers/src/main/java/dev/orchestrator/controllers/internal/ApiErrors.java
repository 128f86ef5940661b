package dev.orchestrator.controllers.internal;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** What the reconcilers say about a refused API call in events and conditions. */
public final class ApiErrors {

    private ApiErrors() {
    }

    /** The API's own words for a refused write (its Status message), else the client's. */
    public static String message(RuntimeException failure) {
        if (!(failure instanceof KubernetesClientException e)) {
            return failure.toString();
        }
        if (e.getStatus() != null && e.getStatus().getMessage() != null && !e.getStatus().getMessage().isEmpty()) {
            return e.getStatus().getMessage();
        }
        return e.getMessage();
    }

    /**
     * Whether a create was refused because its namespace is being deleted (status cause
     * {@code NamespaceTerminating}): as Kubernetes' controllers do, the caller stops creating and reports
     * nothing, since the namespace's deletion takes its own object away too.
     */
    public static boolean namespaceTerminating(RuntimeException failure) {
        return failure instanceof KubernetesClientException e && e.getCode() == 403 && e.getStatus() != null
                && e.getStatus().getDetails() != null && e.getStatus().getDetails().getCauses() != null
                && e.getStatus().getDetails().getCauses().stream()
                        .anyMatch(c -> "NamespaceTerminating".equals(c.getReason()));
    }

    /** The HTTP code of a refused call, 0 when it never got an answer. */
    public static int code(RuntimeException failure) {
        return failure instanceof KubernetesClientException e ? e.getCode() : 0;
    }

    /**
     * Runs a status write made from the cached object.
     *
     * @return false on a conflict (the object changed since the cache saw it: the retry starts from the newer
     *     version); true when written or when the object is gone
     */
    public static boolean writeUnlessConflict(Runnable write) {
        try {
            write.run();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return false;
            }
            if (e.getCode() == 404) {
                return true;
            }
            throw e;
        }
    }
}
