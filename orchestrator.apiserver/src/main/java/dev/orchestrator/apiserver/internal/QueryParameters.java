package dev.orchestrator.apiserver.internal;

import java.util.function.Function;

/**
 * Boolean query parameters ({@code watch}, {@code allowWatchBookmarks}, {@code follow},
 * {@code force}, {@code orphanDependents}, ...) read with Go's {@code strconv.ParseBool}
 * spellings: {@code 1 t T TRUE true True} and {@code 0 f F FALSE false False}. A parameter
 * given twice counts with its first value, as Go's {@code url.Values.Get} reads it (and as
 * the servlet's {@code getParameter} does). An empty value counts as absent.
 *
 * <p>Any other spelling is refused with 400 naming the parameter, rather than guessed:
 * Kubernetes' own query decoding reads every value but {@code 0} and {@code false} as true,
 * so {@code watch=yes} there starts a watch; no client library sends such a value, and a
 * typo here should not silently turn a list into a stream.
 */
final class QueryParameters {

    private QueryParameters() {
    }

    /**
     * @return the boolean a client gave, or {@code absent} when the parameter is missing or empty
     * @throws ApiException 400 naming the parameter when the value is not a ParseBool spelling
     */
    static boolean bool(String name, String text, boolean absent) {
        if (text == null || text.isEmpty()) {
            return absent;
        }
        return switch (text) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw ApiException.badRequest(name + ": strconv.ParseBool: parsing \"" + text
                    + "\": invalid syntax");
        };
    }

    /** {@link #bool(String, String, boolean)} of a parameter read from a query, false when absent. */
    static boolean bool(Function<String, String> query, String name) {
        return bool(name, query.apply(name), false);
    }
}
