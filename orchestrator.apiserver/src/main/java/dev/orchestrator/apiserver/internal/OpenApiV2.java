package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code /openapi/v2}: one Swagger 2.0 document of every served kind, built from the schemas
 * {@link OpenApi} serves per group-version (definitions with {@code x-kubernetes-group-version-kind},
 * a path per collection and object). Older kubectl (before v3 was used) reads it to validate
 * {@code apply} and {@code create} and to explain fields; it parses every definition, so the
 * schemas are cut down to what Swagger 2.0 and that parser accept: a {@code $ref} alone, one
 * type of string, number, integer, boolean, object or array, arrays with their items, and every
 * reference pointing at a definition of the document.
 */
final class OpenApiV2 {

    private static final String V3_REFS = "#/components/schemas/";
    private static final Set<String> TYPES = Set.of("string", "number", "integer", "boolean", "object", "array");

    private final ResourceRegistry registry;
    private final Schemas schemas;
    private final String kubernetesVersion;

    OpenApiV2(ResourceRegistry registry, Schemas schemas, String kubernetesVersion) {
        this.registry = registry;
        this.schemas = schemas;
        this.kubernetesVersion = kubernetesVersion;
    }

    ObjectNode document() {
        ObjectNode doc = Json.object();
        doc.put("swagger", "2.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Kubernetes");
        info.put("version", kubernetesVersion);
        ObjectNode paths = doc.putObject("paths");
        ObjectNode definitions = doc.putObject("definitions");
        for (String gv : registry.groupVersions()) {
            ObjectNode builtIn = schemas.of(gv);
            ObjectNode all = builtIn;
            ObjectNode custom = registry.custom().schemas().get(gv);
            if (custom != null) {
                all = all.deepCopy().setAll(custom);
                builtIn = builtIn.deepCopy();
                custom.fieldNames().forEachRemaining(builtIn::remove);
            }
            addDefinitions(all, builtIn, gv, definitions);
            for (ResourceType t : registry.in(gv)) {
                addPaths(t, paths);
            }
        }
        return doc;
    }

    /** Adds a group-version's schemas; a name already taken by a different schema gets the version in it. */
    private static void addDefinitions(ObjectNode all, ObjectNode builtIn, String gv, ObjectNode definitions) {
        Map<String, String> names = new HashMap<>();
        all.fieldNames().forEachRemaining(name -> names.put(name, uniqueName(name,
                converted(name, all.get(name), builtIn, null), gv, definitions)));
        for (Map.Entry<String, String> e : names.entrySet()) {
            if (!definitions.has(e.getValue())) {
                definitions.set(e.getValue(), Json.object()); // reserved, so that references resolve while converting
            }
        }
        names.forEach((name, unique) -> definitions.set(unique, converted(name, all.get(name), builtIn, names)));
    }

    private static ObjectNode converted(String name, JsonNode schema, ObjectNode builtIn, Map<String, String> names) {
        ObjectNode converted = convert(schema, names);
        if (builtIn.has(name)) {
            OpenApiPatchStrategies.annotate(name, converted); // custom resources' lists follow their own schemas
        }
        return converted;
    }

    private static String uniqueName(String name, ObjectNode converted, String gv, ObjectNode definitions) {
        if (!definitions.has(name) || definitions.get(name).equals(converted)) {
            return name;
        }
        String version = gv.substring(gv.indexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        String versioned = name.substring(0, dot + 1) + version + name.substring(dot);
        return definitions.has(versioned) ? name + "." + gv.replace('/', '.') : versioned;
    }

    /**
     * A schema as Swagger 2.0 writes it. With {@code names} null (comparing schemas) references
     * keep their group-version's names.
     */
    static ObjectNode convert(JsonNode schema, Map<String, String> names) {
        ObjectNode out = Json.object();
        String ref = Json.text(schema, "$ref");
        if (ref != null) {
            String target = ref.startsWith(V3_REFS) ? ref.substring(V3_REFS.length()) : null;
            String renamed = target == null ? null : names == null ? target : names.get(target);
            if (renamed != null) {
                out.put("$ref", "#/definitions/" + renamed); // a reference stands alone: its siblings go
            }
            return out; // a reference out of the document becomes a schema of anything
        }
        copyText(schema, out, "description");
        copyText(schema, out, "format");
        JsonNode type = schema.path("type");
        boolean array = "array".equals(type.asText()) && schema.path("items").isObject();
        if (type.isTextual() && TYPES.contains(type.asText()) && (array || !"array".equals(type.asText()))) {
            out.put("type", type.asText());
        }
        if (schema.path("required").isArray() && !schema.path("required").isEmpty()) {
            out.set("required", schema.get("required").deepCopy());
        }
        if (schema.path("properties").isObject()) {
            ObjectNode properties = out.putObject("properties");
            schema.get("properties").fields().forEachRemaining(p -> properties.set(p.getKey(), convert(p.getValue(), names)));
        }
        if (array) {
            out.set("items", convert(schema.get("items"), names));
        }
        JsonNode additional = schema.path("additionalProperties");
        if (additional.isObject()) {
            out.set("additionalProperties", convert(additional, names));
        } else if (additional.isBoolean()) {
            out.put("additionalProperties", additional.asBoolean());
        }
        schema.fields().forEachRemaining(f -> {
            if (f.getKey().startsWith("x-kubernetes-") && !f.getKey().equals("x-kubernetes-validations")) {
                out.set(f.getKey(), f.getValue().deepCopy());
            }
        });
        return out;
    }

    private static void copyText(JsonNode from, ObjectNode to, String field) {
        if (from.path(field).isTextual()) {
            to.put(field, from.get(field).asText());
        }
    }

    private static void addPaths(ResourceType t, ObjectNode paths) {
        String base = "/" + (t.group().isEmpty() ? "api/" : "apis/" + t.group() + "/") + t.version()
                + (t.namespaced() ? "/namespaces/{namespace}/" : "/") + t.plural();
        ObjectNode collection = paths.putObject(base);
        operation(collection, "get", "list", t);
        operation(collection, "post", "create", t);
        ObjectNode item = paths.putObject(base + "/{name}");
        operation(item, "get", "read", t);
        operation(item, "put", "replace", t);
        operation(item, "patch", "patch", t);
        operation(item, "delete", "delete", t);
    }

    private static void operation(ObjectNode path, String method, String action, ResourceType t) {
        ObjectNode op = path.putObject(method);
        op.put("operationId", action + t.kind());
        op.putObject("responses").putObject("200").put("description", "OK");
        op.put("x-kubernetes-action", action.equals("read") ? "get" : action.equals("replace") ? "put"
                : action.equals("create") ? "post" : action);
        ObjectNode gvk = op.putObject("x-kubernetes-group-version-kind");
        gvk.put("group", t.group());
        gvk.put("version", t.version());
        gvk.put("kind", t.kind());
    }
}
