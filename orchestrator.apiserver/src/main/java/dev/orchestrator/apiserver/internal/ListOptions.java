package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The list and watch query parameters, parsed and checked. */
record ListOptions(LabelSelector labels, FieldSelector fields, int limit, String continueToken,
                   String resourceVersion, boolean watch, long timeoutSeconds, boolean bookmarks) {

    static ListOptions parse(java.util.function.Function<String, String> query, ResourceType type) {
        int limit = 0;
        String limitText = query.apply("limit");
        if (limitText != null && !limitText.isEmpty()) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("limit \"" + limitText + "\" is not a number");
            }
            if (limit < 0) {
                throw ApiException.badRequest("limit must be a non-negative number, was " + limit);
            }
        }
        String rv = query.apply("resourceVersion");
        if (rv != null && !rv.isEmpty()) {
            try {
                if (Long.parseLong(rv) < 0) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("resourceVersion \"" + rv + "\" is not a valid resource version");
            }
        }
        String watchText = query.apply("watch");
        boolean watch = "true".equals(watchText) || "1".equals(watchText);
        long timeout = 0;
        String timeoutText = query.apply("timeoutSeconds");
        if (timeoutText != null && !timeoutText.isEmpty()) {
            try {
                timeout = Long.parseLong(timeoutText);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("timeoutSeconds \"" + timeoutText + "\" is not a number");
            }
            if (timeout < 0) {
                throw ApiException.badRequest("timeoutSeconds must be non-negative, was " + timeout);
            }
        }
        return new ListOptions(LabelSelector.parse(query.apply("labelSelector")),
                FieldSelector.parse(query.apply("fieldSelector"), type), limit, query.apply("continue"), rv, watch,
                timeout, "true".equals(query.apply("allowWatchBookmarks")));
    }

    boolean matches(ObjectNode object) {
        return labels.matches(object.path("metadata").path("labels")) && fields.matches(object);
    }

    /** The revision to list at: "" and "0" mean the newest, a number means exactly that one. */
    long listRevision() {
        return resourceVersion == null || resourceVersion.isEmpty() ? 0 : Long.parseLong(resourceVersion);
    }
}
