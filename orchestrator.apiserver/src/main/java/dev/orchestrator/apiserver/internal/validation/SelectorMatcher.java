package dev.orchestrator.apiserver.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;

/** Label selector matching, supplied by the API server's selector code so there is one implementation. */
@FunctionalInterface
public interface SelectorMatcher {

    /**
     * Whether a {@code metav1.LabelSelector} object matches a label map.
     *
     * @throws IllegalArgumentException with the reason when the selector itself is invalid
     */
    boolean matches(JsonNode selector, JsonNode labels);
}
