package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.api.admission.AdmissionContext;
import dev.orchestrator.api.admission.AdmissionRequest;
import dev.orchestrator.api.admission.MutatingAdmission;
import dev.orchestrator.api.admission.Operation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Kubernetes' DefaultStorageClass admission: a new claim that does not name a class ({@code storageClassName}
 * absent; an empty name asks for no class) gets the class annotated as the default, the newest when several are.
 */
final class StorageAdmission implements MutatingAdmission {

    private final Supplier<List<ObjectNode>> classes;

    StorageAdmission(Supplier<List<ObjectNode>> classes) {
        this.classes = classes;
    }

    static StorageAdmission of(ObjectStorage storage, ResourceRegistry registry) {
        ResourceType type = registry.find("storage.k8s.io", "v1", "storageclasses").orElseThrow();
        return new StorageAdmission(() -> {
            List<ObjectNode> all = new ArrayList<>();
            storage.forEach(type, null, 0, c -> true, revision -> { }, all::add);
            return all;
        });
    }

    @Override
    public void admit(AdmissionRequest request, ObjectNode object, AdmissionContext context) {
        if (request.operation() != Operation.CREATE || !request.isMain("", "persistentvolumeclaims")
                || object.path("spec").has("storageClassName") && !object.path("spec").get("storageClassName").isNull()) {
            return;
        }
        classes.get().stream()
                .filter(c -> "true".equals(c.path("metadata").path("annotations")
                        .path(VolumeStrategies.DEFAULT_CLASS_ANNOTATION).asText()))
                .max(Comparator.comparing(c -> c.path("metadata").path("creationTimestamp").asText("")))
                .ifPresent(c -> Json.objectField(object, "spec").put("storageClassName", ObjectMeta.name(c)));
    }
}
