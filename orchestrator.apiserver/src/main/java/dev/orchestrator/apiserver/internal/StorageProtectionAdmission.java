package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.api.admission.AdmissionContext;
import dev.orchestrator.api.admission.AdmissionRequest;
import dev.orchestrator.api.admission.MutatingAdmission;
import dev.orchestrator.api.admission.Operation;

/**
 * Kubernetes' StorageObjectInUseProtection admission: every new claim gets the finalizer
 * {@value #CLAIM_FINALIZER} and every new volume {@value #VOLUME_FINALIZER}, so that deleting a claim a pod still
 * uses, or a volume still bound, leaves it Terminating until the protection controllers
 * (orchestrator.controllers, {@code volumes/ClaimProtection} and {@code volumes/VolumeProtection}) see it unused.
 */
final class StorageProtectionAdmission implements MutatingAdmission {

    static final String CLAIM_FINALIZER = "kubernetes.io/pvc-protection";
    static final String VOLUME_FINALIZER = "kubernetes.io/pv-protection";

    @Override
    public void admit(AdmissionRequest request, ObjectNode object, AdmissionContext context) {
        if (request.operation() != Operation.CREATE) {
            return;
        }
        if (request.isMain("", "persistentvolumeclaims")) {
            addFinalizer(object, CLAIM_FINALIZER);
        } else if (request.isMain("", "persistentvolumes")) {
            addFinalizer(object, VOLUME_FINALIZER);
        }
    }

    private static void addFinalizer(ObjectNode object, String finalizer) {
        ObjectNode metadata = Json.objectField(object, "metadata");
        JsonNode finalizers = metadata.get("finalizers");
        if (finalizers instanceof ArrayNode list) {
            for (JsonNode f : list) {
                if (finalizer.equals(f.asText())) {
                    return;
                }
            }
            list.add(finalizer);
        } else if (finalizers == null || finalizers.isNull()) {
            metadata.putArray("finalizers").add(finalizer);
        } // anything else is not a list: validation answers it
    }
}
