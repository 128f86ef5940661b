package dev.orchestrator.apiserver.internal;

import java.util.List;
import java.util.Set;

/**
 * One served resource: where it lives in the API, how it is stored, and the strategy and
 * table columns that give it Kubernetes behaviour. Adding a resource is adding one of these
 * to {@link ResourceRegistry}, not writing request handling. {@code verbs} is what discovery advertises.
 */
record ResourceType(String group, String version, String plural, String singular, String kind,
                    boolean namespaced, List<String> shortNames, List<String> categories,
                    Set<String> subresources, ResourceStrategy strategy, TableColumns table, List<String> verbs) {

    /** The verbs of a stored resource; computed ones (metrics) serve fewer. */
    static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch",
            "update", "watch");

    /** {@code v1} or {@code apps/v1}. */
    String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** How errors name the resource: {@code pods}, {@code deployments.apps}. */
    String qualifiedName() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    String listKind() {
        return kind + "List";
    }

    /** The store key prefix of every object of this resource (in {@code namespace}, when given). */
    String keyPrefix(String namespace) {
        String base = "/registry/" + (group.isEmpty() ? "" : group + "/") + plural + "/";
        return namespace == null || !namespaced ? base : base + namespace + "/";
    }

    String key(String namespace, String name) {
        return keyPrefix(namespace) + name;
    }

    boolean hasStatus() {
        return subresources.contains("status");
    }
}
