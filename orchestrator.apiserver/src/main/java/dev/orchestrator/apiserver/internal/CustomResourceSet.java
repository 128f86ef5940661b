package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a list of CRDs (oldest first) serves: each CRD claims its names in its group in turn, and one whose
 * plural, singular, short names, kind or listKind an older one already claims is not served (its status says
 * which name, as Kubernetes' naming controller does). Built once per change, then read concurrently.
 */
final class CustomResourceSet {

    private static final Logger LOG = LoggerFactory.getLogger(CustomResourceSet.class);

    /** Why a CRD's names were not accepted, in the words of its NamesAccepted condition. */
    record Conflict(String reason, String message) {
    }

    private final CustomResources resources;
    private final Map<String, Conflict> conflicts;

    private CustomResourceSet(CustomResources resources, Map<String, Conflict> conflicts) {
        this.resources = resources;
        this.conflicts = conflicts;
    }

    static CustomResourceSet of(List<ObjectNode> crdsOldestFirst) {
        Map<String, ResourceType> served = new LinkedHashMap<>();
        Map<String, ResourceType> storedForms = new HashMap<>();
        Map<String, ObjectNode> schemas = new LinkedHashMap<>();
        Map<String, Conflict> conflicts = new HashMap<>();
        Map<String, Map<String, String>> resourceNames = new HashMap<>(); // group → plural/singular/short → CRD
        Map<String, Map<String, String>> kindNames = new HashMap<>(); // group → kind/listKind → CRD
        for (ObjectNode crd : crdsOldestFirst) {
            String name = crd.path("metadata").path("name").asText();
            JsonNode spec = crd.path("spec");
            String group = spec.path("group").asText();
            Conflict conflict = claim(crd, resourceNames.computeIfAbsent(group, g -> new HashMap<>()),
                    kindNames.computeIfAbsent(group, g -> new HashMap<>()));
            if (conflict != null) {
                conflicts.put(name, conflict);
                continue;
            }
            try {
                for (ResourceType t : CustomResourceTypes.of(crd)) {
                    String key = t.apiVersion() + "/" + t.plural();
                    if (CustomResourceTypes.served(crd, t.version())) {
                        served.put(key, t);
                        ObjectNode gvSchemas = schemas.computeIfAbsent(t.apiVersion(), gv -> Json.object());
                        gvSchemas.set(schemaName(t), kindSchema(crd, t));
                    } else {
                        storedForms.put(key, t);
                    }
                }
            } catch (RuntimeException e) {
                // written before this server's rules or by hand: serve the others
                LOG.warn("CRD {} cannot be served: {}", name, e.toString());
            }
        }
        Map<String, String> hashes = new HashMap<>();
        schemas.forEach((gv, s) -> hashes.put(gv, Integer.toHexString(s.toString().hashCode())));
        // served keeps its order: discovery lists versions as found, the preferred one first
        return new CustomResourceSet(new CustomResources(java.util.Collections.unmodifiableMap(served),
                Map.copyOf(storedForms), Map.copyOf(schemas), Map.copyOf(hashes)), Map.copyOf(conflicts));
    }

    CustomResources resources() {
        return resources;
    }

    /** Why the CRD's names were refused, or null when they are accepted (or the CRD is unknown). */
    Conflict conflictOf(String crdName) {
        return conflicts.get(crdName);
    }

    private static Conflict claim(JsonNode crd, Map<String, String> resourceNames, Map<String, String> kindNames) {
        String name = crd.path("metadata").path("name").asText();
        JsonNode names = crd.path("spec").path("names");
        String plural = names.path("plural").asText();
        String singular = names.path("singular").asText();
        Conflict conflict = taken(resourceNames, name, plural, "PluralConflict");
        if (conflict == null && !singular.isEmpty()) {
            conflict = taken(resourceNames, name, singular, "SingularConflict");
        }
        for (JsonNode s : names.path("shortNames")) {
            if (conflict == null) {
                conflict = taken(resourceNames, name, s.asText(), "ShortNamesConflict");
            }
        }
        if (conflict == null) {
            conflict = taken(kindNames, name, names.path("kind").asText(), "KindConflict");
        }
        if (conflict == null) {
            conflict = taken(kindNames, name, names.path("listKind").asText(), "ListKindConflict");
        }
        if (conflict != null) {
            return conflict;
        }
        resourceNames.put(plural, name);
        if (!singular.isEmpty()) {
            resourceNames.put(singular, name);
        }
        names.path("shortNames").forEach(s -> resourceNames.put(s.asText(), name));
        kindNames.put(names.path("kind").asText(), name);
        kindNames.put(names.path("listKind").asText(), name);
        return null;
    }

    private static Conflict taken(Map<String, String> claimed, String crd, String value, String reason) {
        String owner = claimed.get(value);
        return owner == null || owner.equals(crd) ? null
                : new Conflict(reason, "\"" + value + "\" is already in use");
    }

    /** {@code com.example.v1.Widget}: the reversed group, the version and the kind, as Kubernetes names them. */
    private static String schemaName(ResourceType t) {
        List<String> parts = new java.util.ArrayList<>(List.of(t.group().split("\\.")));
        java.util.Collections.reverse(parts);
        return String.join(".", parts) + "." + t.version() + "." + t.kind();
    }

    /** The version's schema as the kind's OpenAPI schema: with apiVersion, kind, metadata and its GVK. */
    private static ObjectNode kindSchema(JsonNode crd, ResourceType t) {
        ObjectNode schema = Json.object();
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (v.path("name").asText().equals(t.version()) && v.path("schema").path("openAPIV3Schema").isObject()) {
                schema = v.path("schema").path("openAPIV3Schema").deepCopy();
            }
        }
        ObjectNode properties = Json.objectField(schema, "properties");
        if (!properties.has("apiVersion")) {
            properties.putObject("apiVersion").put("type", "string").put("description", "APIVersion defines the "
                    + "versioned schema of this representation of an object.");
        }
        if (!properties.has("kind")) {
            properties.putObject("kind").put("type", "string").put("description", "Kind is a string value "
                    + "representing the REST resource this object represents.");
        }
        properties.putObject("metadata").put("type", "object").put("description", "Standard object's metadata.");
        ArrayNode gvk = schema.putArray("x-kubernetes-group-version-kind");
        gvk.addObject().put("group", t.group()).put("version", t.version()).put("kind", t.kind());
        return schema;
    }
}
