package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.api.admission.AdmissionContext;
import dev.orchestrator.api.admission.AdmissionRequest;
import dev.orchestrator.api.admission.MutatingAdmission;
import dev.orchestrator.api.admission.Operation;
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
        return new StorageAdmission(ClassObjects.all(storage, registry, "storage.k8s.io", "storageclasses"));
    }

    @Override
    public void admit(AdmissionRequest request, ObjectNode object, AdmissionContext context) {
        if (request.operation() != Operation.CREATE || !request.isMain("", "persistentvolumeclaims")
                || object.path("spec").has("storageClassName") && !object.path("spec").get("storageClassName").isNull()) {
            return;
        }
        ClassObjects.newestDefault(classes.get(), VolumeStrategies.DEFAULT_CLASS_ANNOTATION).ifPresent(c -> Json.objectField(object, "spec").put("storageClassName", ObjectMeta.name(c)));
    }
}
