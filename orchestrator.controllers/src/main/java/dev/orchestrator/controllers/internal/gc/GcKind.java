package dev.orchestrator.controllers.internal.gc;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.Locale;
import java.util.Objects;

/**
 * One kind the garbage collector follows, as owner and as dependent: its fabric8 class (for the
 * shared informer), its API version, kind and plural (for owner references and request paths) and
 * whether it is namespaced.
 */
record GcKind<T extends HasMetadata>(Class<T> type, String apiVersion, String kind, String plural, boolean namespaced) {

    GcKind {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(plural, "plural");
    }

    static <T extends HasMetadata> GcKind<T> of(Class<T> type, String plural) {
        return new GcKind<>(type, HasMetadata.getApiVersion(type), HasMetadata.getKind(type), plural,
                io.fabric8.kubernetes.api.model.Namespaced.class.isAssignableFrom(type));
    }

    /** The controller name of this kind's collector, e.g. {@code gc-replicaset}. */
    String controllerName() {
        return "gc-" + kind.toLowerCase(Locale.ROOT);
    }

    /**
     * Whether an owner reference names an object of this kind. The group must match; the version
     * need not (an owner reference keeps the version it was written with).
     */
    boolean named(OwnerReference ref) {
        return kind.equals(ref.getKind()) && group(apiVersion).equals(group(ref.getApiVersion()));
    }

    /**
     * The namespace an owner of this kind has when a dependent in {@code dependentNamespace} names
     * it: its own for namespaced kinds, none for cluster-scoped ones.
     */
    String ownerNamespace(String dependentNamespace) {
        return namespaced ? (dependentNamespace == null ? "" : dependentNamespace) : "";
    }

    /** The request path of one object, e.g. {@code /apis/apps/v1/namespaces/web/replicasets/web-1}. */
    String path(String namespace, String name) {
        String root = apiVersion.contains("/") ? "/apis/" + apiVersion : "/api/" + apiVersion;
        String scope = namespaced ? "/namespaces/" + namespace : "";
        return root + scope + "/" + plural + "/" + name;
    }

    static String group(String apiVersion) {
        int slash = apiVersion == null ? -1 : apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }
}
