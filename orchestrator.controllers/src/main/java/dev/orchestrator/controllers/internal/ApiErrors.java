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

    /** The HTTP code of a refused call, 0 when it never got an answer. */
    public static int code(RuntimeException failure) {
        return failure instanceof KubernetesClientException e ? e.getCode() : 0;
    }
}
