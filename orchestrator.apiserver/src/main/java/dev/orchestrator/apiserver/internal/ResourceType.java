package dev.orchestrator.apiserver.internal;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One served resource: where it lives in the API, how it is stored, and the strategy and
 * table columns that give it Kubernetes behaviour. Adding a resource is adding one of these
 * to {@link ResourceRegistry}, not writing request handling. {@code verbs} is what discovery advertises.
 */
record ResourceType(String group, String version, String plural, String singular, String kind,
                    boolean namespaced, List<String> shortNames, List<String> categories,
                    Set<String> subresources, ResourceStrategy strategy, TableColumns table, List<String> verbs,
                    Optional<VersionConverter> conversion) {

    /** A resource served in the version it is stored in. */
    ResourceType(String group, String version, String plural, String singular, String kind, boolean namespaced,
                 List<String> shortNames, List<String> categories, Set<String> subresources, ResourceStrategy strategy,
                 TableColumns table, List<String> verbs) {
        this(group, version, plural, singular, kind, namespaced, shortNames, categories, subresources, strategy, table,
                verbs, Optional.empty());
    }

    /**
     * This stored resource served under another {@code version} of its group: same names, keys, strategy and
     * table; bodies and objects converted by {@code conversion}.
     */
    ResourceType servedAs(String otherVersion, VersionConverter conversion) {
        return new ResourceType(group, otherVersion, plural, singular, kind, namespaced, shortNames, categories,
                subresources, strategy, table, verbs, Optional.of(conversion));
    }

    /** Whether objects are stored in another version than this one (converted on the way in and out). */
    boolean converted() {
        return conversion.isPresent();
    }

    /** An object of the stored version as this version serves it. */
    com.fasterxml.jackson.databind.node.ObjectNode served(com.fasterxml.jackson.databind.node.ObjectNode stored) {
        return conversion.map(c -> c.toServed(stored)).orElse(stored);
    }

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
