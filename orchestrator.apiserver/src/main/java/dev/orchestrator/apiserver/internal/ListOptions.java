package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The list and watch query parameters, parsed and checked. */
record ListOptions(LabelSelector labels, FieldSelector fields, int limit, String continueToken,
                   String resourceVersion, boolean watch, long timeoutSeconds, boolean bookmarks) {

    static ListOptions parse(java.util.function.Function<String, String> query, ResourceType type) {
        long limit = nonNegative("limit", query.apply("limit"), 0);
        if (limit > Integer.MAX_VALUE) {
            throw ApiException.badRequest("limit must be at most " + Integer.MAX_VALUE + ", was " + limit);
        }
        String rv = query.apply("resourceVersion");
        nonNegative("resourceVersion", rv, 0);
        boolean watch = QueryParameters.bool(query, "watch");
        return new ListOptions(LabelSelector.parse(query.apply("labelSelector")),
                FieldSelector.parse(query.apply("fieldSelector"), type), (int) limit, query.apply("continue"), rv, watch,
                nonNegative("timeoutSeconds", query.apply("timeoutSeconds"), 0),
                QueryParameters.bool(query, "allowWatchBookmarks"));
    }

    /**
     * A non-negative number given by a client, or {@code absent} when it is missing.
     *
     * @throws ApiException 400 naming the parameter when it is not a non-negative number
     */
    static long nonNegative(String name, String text, long absent) {
        if (text == null || text.isEmpty()) {
            return absent;
        }
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " \"" + text + "\" is not a number");
        }
        if (value < 0) {
            throw ApiException.badRequest(name + " must be a non-negative number, was " + value);
        }
        return value;
    }

    boolean matches(ObjectNode object) {
        return labels.matches(object.path("metadata").path("labels")) && fields.matches(object);
    }

    /** The revision to list at: "" and "0" mean the newest, a number means exactly that one. */
    long listRevision() {
        return nonNegative("resourceVersion", resourceVersion, 0);
    }
}
