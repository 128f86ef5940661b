package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Build-time generator of the OpenAPI v3 schemas the API server serves: walks the fabric8
 * model class of every registered kind (fields with {@code @JsonProperty}, their Java
 * types and generics) and writes one {@code openapi/<group-version>.json} with the schemas
 * reachable from that group-version's kinds. Run by the exec plugin before packaging.
 */
public final class OpenApiSchemaGenerator {

    private static final OfficialModelDescriptions DESCRIPTIONS = new OfficialModelDescriptions();
    private final ObjectNode schemas = Json.object();

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        ResourceRegistry registry = new ResourceRegistry();
        for (String gv : registry.groupVersions()) {
            OpenApiSchemaGenerator generator = new OpenApiSchemaGenerator();
            for (ResourceType t : registry.documented(gv)) {
                Class<?> model = Class.forName(modelPackage(t) + "." + t.kind());
                ObjectNode schema = generator.define(model);
                ObjectNode gvk = schema.putArray("x-kubernetes-group-version-kind").addObject();
                gvk.put("group", t.group());
                gvk.put("version", t.version());
                gvk.put("kind", t.kind());
            }
            untyped(generator.schemas);
            Files.write(out.resolve(Schemas.file(gv)), Json.bytes(generator.schemas));
        }
    }

    /**
     * The JSON-schema unions of a CRD's schema (a schema or a bool, a schema or a list), which the fabric8 model
     * holds in wrapper classes with custom (de)serializers: declared without a type, as Kubernetes publishes
     * them, so that field validation and typed decoding take either form.
     */
    private static void untyped(ObjectNode schemas) {
        for (String union : new String[] {"JSONSchemaPropsOrBool", "JSONSchemaPropsOrArray", "JSONSchemaPropsOrStringArray"}) {
            String name = "io.k8s.api.apiextensions.v1." + union;
            if (schemas.has(name)) {
                ObjectNode any = Json.object();
                any.put("description", union + " is a JSON schema or, in its other form, a "
                        + (union.endsWith("Bool") ? "boolean" : union.endsWith("StringArray") ? "list of strings"
                        : "list of JSON schemas") + ".");
                any.put("x-kubernetes-preserve-unknown-fields", true);
                schemas.remove(name);
                inline(schemas, "#/components/schemas/" + name, any);
            }
        }
    }

    /** Replaces every {@code $ref} to {@code ref} by {@code schema} (typed decoding takes a $ref for a struct). */
    private static void inline(com.fasterxml.jackson.databind.JsonNode node, String ref, ObjectNode schema) {
        if (node instanceof ObjectNode object) {
            object.fields().forEachRemaining(e -> {
                if (ref.equals(e.getValue().path("$ref").asText(null))) {
                    e.setValue(schema.deepCopy());
                } else {
                    inline(e.getValue(), ref, schema);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> inline(n, ref, schema));
        }
    }

    private static String modelPackage(ResourceType t) {
        String base = "io.fabric8.kubernetes.api.model";
        return switch (t.group()) {
            case "" -> base;
            case "apps" -> base + ".apps";
            case "autoscaling" -> base + ".autoscaling." + t.version();
            case "batch" -> base + ".batch.v1";
            case "coordination.k8s.io" -> base + ".coordination.v1";
            case "discovery.k8s.io" -> base + ".discovery.v1";
            case "events.k8s.io" -> base + ".events.v1";
            case "node.k8s.io" -> base + ".node.v1";
            case "policy" -> base + ".policy.v1";
            case "apiextensions.k8s.io" -> base + ".apiextensions.v1";
            case "rbac.authorization.k8s.io" -> base + ".rbac";
            case "certificates.k8s.io" -> base + ".certificates.v1";
            case "scheduling.k8s.io" -> base + ".scheduling.v1";
            case "networking.k8s.io" -> base + ".networking.v1";
            case "storage.k8s.io" -> base + ".storage";
            default -> throw new IllegalArgumentException("no model package for group " + t.group());
        };
    }

    /** Defines the schema of {@code type} (and everything it references) and returns it. */
    private ObjectNode define(Class<?> type) {
        String name = schemaName(type);
        if (schemas.has(name)) {
            return (ObjectNode) schemas.get(name);
        }
        ObjectNode schema = schemas.putObject(name);
        String description = DESCRIPTIONS.ofType(type);
        if (description != null) {
            schema.put("description", description);
        }
        schema.put("type", "object");
        if (type.getSimpleName().equals("FieldsV1")) {
            return schema; // managedFields' trie of f:/k:/v: keys: any object, as Kubernetes describes it
        }
        ObjectNode properties = schema.putObject("properties");
        for (Field f : fields(type)) {
            JsonProperty property = f.getAnnotation(JsonProperty.class);
            if (property == null || f.isAnnotationPresent(JsonIgnore.class) || Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            ObjectNode field = schemaOf(f.getGenericType());
            String fieldDescription = DESCRIPTIONS.ofField(type, property.value());
            if (fieldDescription != null) {
                field.put("description", fieldDescription); // beside a $ref too: kubectl explain shows it for the field
            }
            properties.set(property.value(), field);
        }
        return schema;
    }

    private ObjectNode schemaOf(Type type) {
        ObjectNode s = Json.object();
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            if (List.class.isAssignableFrom(raw)) {
                s.put("type", "array");
                s.set("items", schemaOf(p.getActualTypeArguments()[0]));
                return s;
            }
            if (Map.class.isAssignableFrom(raw)) {
                s.put("type", "object");
                s.set("additionalProperties", schemaOf(p.getActualTypeArguments()[1]));
                return s;
            }
            return schemaOf(raw);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            s.put("type", "string");
        } else if (c == Integer.class || c == int.class) {
            s.put("type", "integer").put("format", "int32");
        } else if (c == Long.class || c == long.class) {
            s.put("type", "integer").put("format", "int64");
        } else if (c == Boolean.class || c == boolean.class) {
            s.put("type", "boolean");
        } else if (c == Double.class || c == double.class || c == Float.class) {
            s.put("type", "number").put("format", "double");
        } else if (c.getSimpleName().equals("IntOrString")) {
            s.put("type", "string").put("format", "int-or-string").put("x-kubernetes-int-or-string", true);
        } else if (c.getSimpleName().equals("Quantity")) {
            s.put("type", "string").put("format", "quantity");
        } else if (c.getSimpleName().equals("MicroTime") || c.getSimpleName().equals("Duration")
                || java.time.temporal.Temporal.class.isAssignableFrom(c)) { // e.g. Lease renewTime: metav1.MicroTime
            s.put("type", "string").put("format", "date-time");
        } else if (c.getPackageName().startsWith("io.fabric8.kubernetes.api.model") && !c.isInterface()
                && !c.isEnum()) {
            define(c);
            s.put("$ref", "#/components/schemas/" + schemaName(c));
        } else {
            s.put("type", "object");
        }
        return s;
    }

    private static List<Field> fields(Class<?> type) {
        List<Field> all = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            all.addAll(0, List.of(c.getDeclaredFields()));
        }
        return all;
    }

    private static String schemaName(Class<?> c) {
        return c.getName().replace("io.fabric8.kubernetes.api.model", "io.k8s.api").replace('$', '.');
    }
}
