package dev.orchestrator.apiserver.internal;

import java.util.List;

/**
 * The merge rules of the lists and maps of a resource, by field path (field names from the object's
 * root, list positions left out: {@code spec.template.spec.containers.ports}). Server-side apply
 * and managedFields read them; strategic merge patch reads the merge keys.
 *
 * <p>This is the hook for resources whose rules come from a schema at run time (custom resources:
 * {@code x-kubernetes-list-type}, {@code x-kubernetes-list-map-keys}, {@code x-kubernetes-map-type});
 * {@link BuiltinListTypes} answers for the built-in kinds. Without a rule a list is atomic, as
 * Kubernetes treats a list of a schema that names no list type.
 */
interface ListTypes {

    /** How the list at {@code path} of an object of {@code type} merges. */
    ListType listType(ResourceType type, List<String> path);

    /** Whether the object at {@code path} is replaced whole ({@code x-kubernetes-map-type: atomic}). */
    boolean atomicObject(ResourceType type, List<String> path);
}
