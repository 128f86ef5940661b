package dev.orchestrator.apiserver.internal;

import java.lang.reflect.Method;

/**
 * Errors the servlet container raises on the request's behalf (a malformed query string when
 * parameters are read, say): they carry an HTTP code, and a 4xx one is the client's mistake,
 * not a server error. Recognised by shape so that this bundle does not depend on the HTTP
 * server's classes.
 */
final class ContainerErrors {

    private ContainerErrors() {
    }

    /** The client error {@code e} stands for, or null when it is not one. */
    static ApiException asClientError(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            int code = httpCode(t);
            if (code >= 400 && code < 500) {
                String message = t.getMessage() == null ? "bad request" : t.getMessage();
                return ApiException.withCode(code, "the request is malformed: " + message);
            }
        }
        return null;
    }

    private static int httpCode(Throwable t) {
        if (!t.getClass().getSimpleName().equals("BadMessageException")) {
            return 0;
        }
        try {
            Method getCode = t.getClass().getMethod("getCode");
            return (Integer) getCode.invoke(t);
        } catch (ReflectiveOperationException | ClassCastException e) {
            return 400;
        }
    }
}
