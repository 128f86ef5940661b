package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The few cluster-scoped "class" objects some admissions consult (PriorityClasses, IngressClasses, StorageClasses):
 * all of a kind read from the store, and the one annotated as the default — the newest when several are, as
 * Kubernetes picks it.
 */
final class ClassObjects {

    private ClassObjects() {
    }

    /**
     * Every object of the cluster-scoped kind {@code group/plural}, read from the store at each call (a pod create
     * reads the PriorityClasses), decoded only when changed ({@link ObjectStorage#lookUpAll}).
     */
    static Supplier<List<ObjectNode>> all(ObjectStorage storage, ResourceRegistry registry, String group, String plural) {
        ResourceType type = registry.find(group, "v1", plural).orElseThrow();
        return () -> storage.lookUpAll(type, null);
    }

    /** The newest of {@code classes} whose annotation {@code annotation} is {@code "true"}. */
    static Optional<ObjectNode> newestDefault(List<ObjectNode> classes, String annotation) {
        return classes.stream()
                .filter(c -> "true".equals(c.path("metadata").path("annotations").path(annotation).asText()))
                .max(Comparator.comparing(c -> c.path("metadata").path("creationTimestamp").asText("")));
    }
}
