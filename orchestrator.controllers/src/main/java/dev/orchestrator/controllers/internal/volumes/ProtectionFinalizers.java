package dev.orchestrator.controllers.internal.volumes;

import dev.orchestrator.controllers.internal.ApiErrors;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Takes a protection finalizer off an object, by a merge patch pinned to the version that was judged unused. */
final class ProtectionFinalizers {

    private ProtectionFinalizers() {
    }

    /** @return false when the object changed since it was read (its next event brings it back), true otherwise */
    static boolean remove(KubernetesClient client, Resource<? extends HasMetadata> resource, HasMetadata object,
                          String finalizer) {
        List<String> kept = object.getMetadata().getFinalizers().stream().filter(f -> !f.equals(finalizer)).toList();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("resourceVersion", object.getMetadata().getResourceVersion());
        metadata.put("finalizers", kept.isEmpty() ? null : kept);
        String patch = client.getKubernetesSerialization().asJson(Map.of("metadata", metadata));
        return ApiErrors.writeUnlessConflict(() -> resource.patch(PatchContext.of(PatchType.JSON_MERGE), patch));
    }
}
