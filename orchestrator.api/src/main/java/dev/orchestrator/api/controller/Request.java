package dev.orchestrator.api.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;

/**
 * The key of one primary object: its namespace ({@code ""} for cluster-scoped kinds) and name.
 *
 * @throws IllegalArgumentException when the name is empty
 */
public record Request(String namespace, String name) {

    public Request {
        namespace = namespace == null ? "" : namespace;
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a request needs a name");
        }
    }

    /** The key of this object. */
    public static Request of(HasMetadata object) {
        return new Request(object.getMetadata().getNamespace(), object.getMetadata().getName());
    }

    /** {@code namespace/name}, or {@code name} for cluster-scoped objects (as informer caches key them). */
    public String key() {
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }

    @Override
    public String toString() {
        return key();
    }
}
