package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.validation.ObjectMetaValidation;
import java.security.SecureRandom;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The metadata rules every object follows on create and update. */
final class ObjectMeta {

    private static final char[] SUFFIX = "bcdfghjklmnpqrstvwxz2456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ObjectMeta() {
    }

    static ObjectNode metadata(ObjectNode object) {
        return Json.objectField(object, "metadata");
    }

    static String name(JsonNode object) {
        return Json.text(object.path("metadata"), "name");
    }

    static String namespace(JsonNode object) {
        return Json.text(object.path("metadata"), "namespace");
    }

    static long resourceVersion(JsonNode object) {
        return ListOptions.nonNegative("metadata.resourceVersion", Json.text(object.path("metadata"), "resourceVersion"), 0);
    }

    /**
     * Checks apiVersion and kind (filled in when missing) against the endpoint, and puts them first as Kubernetes
     * writes objects: readers that learn the type from the object's start (informers decoding a watch event in one
     * pass) need them there, whatever order the client sent.
     */
    static void checkTypeMeta(ObjectNode object, String apiVersion, String kind) {
        String givenVersion = Json.text(object, "apiVersion");
        String givenKind = Json.text(object, "kind");
        if (givenKind != null && !givenKind.equals(kind)) {
            throw ApiException.badRequest("the kind \"" + givenKind + "\" of the body does not match the endpoint, "
                    + "which serves \"" + kind + "\"");
        }
        if (givenVersion != null && !givenVersion.equals(apiVersion)) {
            throw ApiException.badRequest("the apiVersion \"" + givenVersion + "\" of the body does not match the "
                    + "endpoint, which serves \"" + apiVersion + "\"");
        }
        if (!typeMetaFirst(object)) {
            Map<String, JsonNode> rest = new LinkedHashMap<>();
            object.properties().forEach(field -> rest.put(field.getKey(), field.getValue()));
            rest.remove("kind");
            rest.remove("apiVersion");
            object.removeAll();
            object.put("kind", kind);
            object.put("apiVersion", apiVersion);
            object.setAll(rest);
        }
        object.put("apiVersion", apiVersion);
        object.put("kind", kind);
    }

    private static boolean typeMetaFirst(ObjectNode object) {
        Iterator<String> names = object.fieldNames();
        for (int i = 0; i < 2; i++) {
            String name = names.hasNext() ? names.next() : null;
            if (!"kind".equals(name) && !"apiVersion".equals(name)) {
                return false;
            }
        }
        return true;
    }

    /** Five characters as Kubernetes appends them to a generated name (no vowels, no look-alikes). */
    static String randomSuffix() {
        StringBuilder b = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            b.append(SUFFIX[RANDOM.nextInt(SUFFIX.length)]);
        }
        return b.toString();
    }

    /** Fills in what the server owns on create: name from generateName, uid, timestamps, generation. */
    static void prepareCreate(ObjectNode object, ResourceType type, String namespace) {
        ObjectNode meta = metadata(object);
        String name = Json.text(meta, "name");
        String generateName = Json.text(meta, "generateName");
        if ((name == null || name.isEmpty()) && generateName != null && !generateName.isEmpty()) {
            meta.put("name", (generateName.length() > 58 ? generateName.substring(0, 58) : generateName) + randomSuffix());
        }
        if (type.namespaced()) {
            String given = Json.text(meta, "namespace");
            if (given != null && !given.isEmpty() && !given.equals(namespace)) {
                throw ApiException.badRequest("the namespace of the provided object (\"" + given + "\") does not match "
                        + "the namespace sent on the request (\"" + namespace + "\")");
            }
            meta.put("namespace", namespace);
        } else {
            meta.remove("namespace");
        }
        meta.put("uid", UUID.randomUUID().toString());
        meta.put("creationTimestamp", Json.now());
        meta.remove("resourceVersion");
        meta.remove("deletionTimestamp");
        meta.remove("deletionGracePeriodSeconds");
        meta.remove("selfLink"); // managedFields stay: FieldOwnership keeps or replaces them
        if (object.has("spec")) {
            meta.put("generation", 1);
        } else {
            meta.remove("generation");
        }
    }

    /** Keeps what clients may not change on update and bumps generation when the spec changed. */
    static void prepareUpdate(ObjectNode object, ObjectNode old) {
        ObjectNode meta = metadata(object);
        JsonNode oldMeta = old.path("metadata");
        for (String owned : List.of("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
                "namespace", "name")) {
            if (oldMeta.has(owned)) {
                meta.set(owned, oldMeta.get(owned));
            } else {
                meta.remove(owned);
            }
        }
        if (oldMeta.has("generation")) {
            long generation = oldMeta.path("generation").asLong();
            JsonNode oldSpec = old.path("spec");
            meta.put("generation", oldSpec.equals(object.path("spec")) ? generation : generation + 1);
        }
    }

    /**
     * Validates name (or generateName) in the format of the kind, labels, annotations, finalizers
     * and owner references; adds a cause for each problem.
     */
    static void validate(ObjectNode object, ResourceType type, List<ApiException.Cause> causes) {
        ObjectMetaValidation.validate(object.path("metadata"), nameFormat(type), Causes.into(causes));
    }

    /** Namespaces are DNS-1123 labels, services DNS-1035 labels and RBAC objects path segments, as in Kubernetes; other kinds subdomains. */
    static ObjectMetaValidation.NameFormat nameFormat(ResourceType type) {
        if (type.group().isEmpty() && type.plural().equals("namespaces")) {
            return ObjectMetaValidation.NameFormat.DNS_LABEL;
        }
        if (type.group().isEmpty() && type.plural().equals("services")) {
            return ObjectMetaValidation.NameFormat.DNS_1035_LABEL;
        }
        if (type.group().equals(RbacTypes.GROUP)) {
            return ObjectMetaValidation.NameFormat.PATH_SEGMENT; // role names such as system:node
        }
        return ObjectMetaValidation.NameFormat.DNS_SUBDOMAIN;
    }
}
