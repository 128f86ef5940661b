package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.validation.CrdValidation;
import java.util.List;

/**
 * CustomResourceDefinitions: the defaults Kubernetes sets (singular, listKind, conversion {@code None}), the
 * cleanup finalizer that keeps a deleted CRD until its objects are gone, a fresh status with the storage
 * version recorded, and {@link CrdValidation}. What a CRD serves is {@link CustomResourceDefinitions}' work.
 */
final class CrdStrategy implements ResourceStrategy {

    static final String CLEANUP_FINALIZER = "customresourcecleanup.apiextensions.k8s.io";

    @Override
    public void prepareForCreate(ObjectNode crd) {
        defaults(crd);
        ArrayNode finalizers = Json.objectField(crd, "metadata").withArray("finalizers");
        boolean present = false;
        for (JsonNode f : finalizers) {
            present |= CLEANUP_FINALIZER.equals(f.asText());
        }
        if (!present) {
            finalizers.add(CLEANUP_FINALIZER);
        }
        ObjectNode status = crd.putObject("status");
        status.putArray("conditions");
        status.putObject("acceptedNames").put("kind", "").put("plural", "");
        ArrayNode stored = status.putArray("storedVersions");
        String storage = storageVersion(crd);
        if (storage != null) {
            stored.add(storage);
        }
    }

    @Override
    public void prepareForUpdate(ObjectNode crd, ObjectNode old) {
        defaults(crd);
        // a new storage version is recorded as stored at once: objects written from now on are in it
        String storage = storageVersion(crd);
        if (storage != null && crd.path("status").path("storedVersions").isArray()) {
            ArrayNode stored = (ArrayNode) crd.path("status").path("storedVersions");
            boolean present = false;
            for (JsonNode v : stored) {
                present |= storage.equals(v.asText());
            }
            if (!present) {
                stored.add(storage);
            }
        }
    }

    @Override
    public void validate(ObjectNode crd, List<ApiException.Cause> causes) {
        CrdValidation.validate(crd, Causes.into(causes));
    }

    @Override
    public void validateUpdate(ObjectNode crd, ObjectNode old, List<ApiException.Cause> causes) {
        CrdValidation.validateUpdate(crd, old, Causes.into(causes));
    }

    /** Defaults as Kubernetes sets them: singular from kind, listKind, conversion strategy None. */
    static void defaults(ObjectNode crd) {
        JsonNode spec = crd.path("spec");
        if (!(spec instanceof ObjectNode s)) {
            return;
        }
        if (s.path("names") instanceof ObjectNode names) {
            String kind = names.path("kind").asText("");
            if (!kind.isEmpty() && names.path("singular").asText("").isEmpty()) {
                names.put("singular", kind.toLowerCase());
            }
            if (!kind.isEmpty() && names.path("listKind").asText("").isEmpty()) {
                names.put("listKind", kind + "List");
            }
        }
        ObjectNode conversion = Json.objectField(s, "conversion");
        if (conversion.path("strategy").asText("").isEmpty()) {
            conversion.put("strategy", "None");
        }
    }

    /** The name of the version marked {@code storage: true} (the first one), or null. */
    static String storageVersion(JsonNode crd) {
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (v.path("storage").asBoolean(false)) {
                return v.path("name").asText();
            }
        }
        return null;
    }
}
