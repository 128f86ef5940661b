package dev.orchestrator.apiserver.internal;

import java.util.List;

/**
 * Who writes, as managedFields name it: the request's {@code fieldManager}, else the program name of its
 * User-Agent ({@code kubectl}, {@code fabric8-kubernetes-client}), as Kubernetes derives it.
 */
record FieldManager(String name) {

    static final int MAX_LENGTH = 128;

    /** Writes the API server makes itself (evictions, bootstrap objects). */
    static final FieldManager SERVER = new FieldManager("orchestrator-apiserver");

    /**
     * From a request; {@code optionsKind} ({@code PatchOptions}, {@code UpdateOptions}, ...) names the
     * options in the 422 of a manager longer than Kubernetes allows.
     */
    static FieldManager of(String fieldManager, String userAgent, String optionsKind) {
        if (fieldManager != null) {
            if (fieldManager.length() > MAX_LENGTH) {
                throw ApiException.invalidOptions(optionsKind, List.of(new ApiException.Cause("FieldValueTooLong",
                        "fieldManager", "Too long: may not be more than " + MAX_LENGTH + " bytes")));
            }
            if (!fieldManager.isEmpty()) {
                return new FieldManager(fieldManager);
            }
        }
        return fromUserAgent(userAgent);
    }

    static FieldManager fromUserAgent(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return new FieldManager("unknown");
        }
        String program = userAgent.split("/", 2)[0].trim();
        return new FieldManager(program.length() > MAX_LENGTH ? program.substring(0, MAX_LENGTH) : program);
    }
}
