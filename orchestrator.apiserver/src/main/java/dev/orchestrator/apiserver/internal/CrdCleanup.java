package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The end of a CRD's deletion (its {@code customresourcecleanup.apiextensions.k8s.io} finalizer): every object
 * of its resource is deleted through the write path (their own finalizers are honoured, so this may take
 * several rounds), then the finalizer goes and with it the CRD.
 */
final class CrdCleanup {

    private final ObjectStorage storage;
    private final ObjectWrites writes;

    CrdCleanup(ObjectStorage storage, ObjectWrites writes) {
        this.storage = storage;
        this.writes = writes;
    }

    /** @return whether the CRD is finished (gone, or not held by this finalizer); false: look again later */
    boolean finish(ResourceType crds, ObjectNode crd, CustomResourceSet set) {
        String name = crd.path("metadata").path("name").asText();
        if (!holdsFinalizer(crd)) {
            return true;
        }
        ResourceType stored = storedType(crd, set);
        if (stored != null) {
            ObjectStorage.Page objects = storage.list(stored, null, 0, 0, null, o -> true);
            for (ObjectNode o : objects.items()) {
                if (o.path("metadata").has("deletionTimestamp")) {
                    continue; // its own finalizers are being worked on
                }
                try {
                    writes.delete(stored, ObjectMeta.namespace(o), ObjectMeta.name(o), Json.object(), false);
                } catch (ApiException e) {
                    if (e.code != 404) {
                        throw e;
                    }
                }
            }
            if (!storage.list(stored, null, 0, 1, null, o -> true).items().isEmpty()) {
                return false;
            }
        }
        ObjectNode released = storage.guaranteedUpdate(crds, null, name, c -> {
            com.fasterxml.jackson.databind.node.ArrayNode left = Json.array();
            c.path("metadata").path("finalizers").forEach(f -> {
                if (!CrdStrategy.CLEANUP_FINALIZER.equals(f.asText())) {
                    left.add(f);
                }
            });
            ((ObjectNode) c.get("metadata")).set("finalizers", left);
            return c;
        });
        if (released.path("metadata").path("finalizers").isEmpty()) {
            storage.delete(crds, null, name, ObjectMeta.resourceVersion(released));
        }
        return true;
    }

    private static boolean holdsFinalizer(JsonNode crd) {
        for (JsonNode f : crd.path("metadata").path("finalizers")) {
            if (CrdStrategy.CLEANUP_FINALIZER.equals(f.asText())) {
                return true;
            }
        }
        return false;
    }

    /** The stored form of the CRD's resource, when this CRD is the one serving it (its names accepted). */
    private static ResourceType storedType(JsonNode crd, CustomResourceSet set) {
        if (set.conflictOf(crd.path("metadata").path("name").asText()) != null) {
            return null; // another CRD serves these names: the objects are that one's
        }
        String key = crd.path("spec").path("group").asText() + "/" + CrdStrategy.storageVersion(crd) + "/"
                + crd.path("spec").path("names").path("plural").asText();
        ResourceType t = set.resources().served().get(key);
        return t != null ? t : set.resources().storedForms().get(key);
    }
}
