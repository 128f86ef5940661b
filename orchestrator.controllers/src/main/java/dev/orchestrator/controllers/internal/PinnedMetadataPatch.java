package dev.orchestrator.controllers.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON merge patch of one metadata field that carries the resourceVersion the caller judged the object by, so a
 * change made meanwhile fails with 409 (and is judged again) instead of being overwritten.
 */
public final class PinnedMetadataPatch {

    private PinnedMetadataPatch() {
    }

    /** Sets {@code field} of {@code object}'s metadata to {@code value} (null removes it); the object as patched. */
    public static <T extends HasMetadata> T apply(KubernetesClient client, Resource<T> resource, HasMetadata object,
                                                  String field, Object value) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("resourceVersion", object.getMetadata().getResourceVersion());
        metadata.put(field, value);
        String patch = client.getKubernetesSerialization().asJson(Map.of("metadata", metadata));
        return resource.patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }

    /** Takes one finalizer off {@code object}. */
    public static void removeFinalizer(KubernetesClient client, Resource<? extends HasMetadata> resource,
                                       HasMetadata object, String finalizer) {
        List<String> kept = object.getMetadata().getFinalizers().stream().filter(f -> !f.equals(finalizer)).toList();
        apply(client, resource, object, "finalizers", kept.isEmpty() ? null : kept);
    }
}
