package dev.orchestrator.controllers.internal.namespace;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one deletion round found in a terminating namespace: objects left per resource
 * ({@code pods.}, {@code replicasets.apps}), objects held by finalizers per finalizer, and what
 * failed (discovery of a group-version, the deletion of a resource).
 */
record NamespaceContent(Map<String, Integer> remaining, Map<String, Integer> finalizers, List<String> discoveryFailures,
                        List<String> deletionFailures) {

    NamespaceContent {
        remaining = new TreeMap<>(remaining);
        finalizers = new TreeMap<>(finalizers);
        discoveryFailures = List.copyOf(discoveryFailures);
        deletionFailures = List.copyOf(deletionFailures);
    }

    /** True when nothing is left and every resource could be listed: the namespace may be finalized. */
    boolean empty() {
        return remaining.isEmpty() && discoveryFailures.isEmpty() && deletionFailures.isEmpty();
    }
}
