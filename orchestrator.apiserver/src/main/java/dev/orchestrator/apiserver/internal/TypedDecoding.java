package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decodes a body of a built-in kind against its type, as Kubernetes' typed decoding does: a
 * value of the wrong JSON type, an integer outside its int32/int64 range or a fraction where
 * an integer is declared is refused (400) with a message naming the field. Along the way the
 * object is normalised as a typed round trip would leave it: nulls are dropped (a null in a
 * map of strings becomes ""), numeric quantities become strings, and YAML scalars that a YAML
 * 1.1 reader took for numbers or booleans ({@code yes}, {@code 0777}) go back to the text the
 * client wrote wherever a string is declared.
 */
final class TypedDecoding {

    private final Schemas schemas;

    TypedDecoding(Schemas schemas) {
        this.schemas = schemas;
    }

    /** Checks and normalises {@code object}; throws 400 at the first value its type cannot hold. */
    void decode(ObjectNode object, ResourceType type) {
        decode(object, type, Map.of());
    }

    /**
     * @param yamlScalars the source text of the non-string scalars of a YAML body, by JSON
     *                    pointer ({@link Json#yamlScalars}); empty for JSON
     */
    void decode(ObjectNode object, ResourceType type, Map<String, String> yamlScalars) {
        dropEmptyMetadataMaps(object);
        JsonNode schema = schemas.kind(type).orElse(null);
        if (schema == null) {
            return;
        }
        String problem = new Walk(yamlScalars).object(object, schemas.resolve(schema), "", "");
        if (problem != null) {
            throw ApiException.badRequest(type.kind() + " in version \"" + type.version() + "\" cannot be handled as a "
                    + type.kind() + ": json: " + problem);
        }
    }

    /**
     * Every kind's metadata is Kubernetes' ObjectMeta, custom resources' too, whose labels and annotations are
     * {@code omitempty}: kubectl sends {@code "annotations":{}} in its patches, and Kubernetes stores no such field.
     */
    private static void dropEmptyMetadataMaps(ObjectNode object) {
        if (object.get("metadata") instanceof ObjectNode metadata) {
            for (String map : List.of("labels", "annotations")) {
                if (metadata.get(map) instanceof ObjectNode o && o.isEmpty()) {
                    metadata.remove(map);
                }
            }
        }
    }

    /** One pass over one object; returns the first problem found, or null. */
    private final class Walk {
        private final Map<String, String> yamlScalars;

        Walk(Map<String, String> yamlScalars) {
            this.yamlScalars = yamlScalars;
        }

        /** {@code node} against the schema of a struct with properties. */
        String object(ObjectNode node, JsonNode struct, String path, String pointer) {
            JsonNode properties = struct.path("properties");
            String structName = schemas.structName(struct);
            List<String> dropped = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
                JsonNode property = properties.get(e.getKey());
                if (property == null) {
                    continue; // unknown fields are fieldValidation's business
                }
                if (e.getValue().isNull() || emptyOptionalMap(e.getKey(), e.getValue(), property, struct)) {
                    dropped.add(e.getKey());
                    continue;
                }
                String problem = entry(e.getValue(), property, path.isEmpty() ? e.getKey() : path + "." + e.getKey(),
                        pointer + "/" + escape(e.getKey()), structName, e::setValue);
                if (problem != null) {
                    return problem;
                }
            }
            dropped.forEach(node::remove);
            return null;
        }

        /**
         * An empty Go map in an optional field is not encoded ({@code omitempty}), so a typed round trip loses it:
         * {@code nodeSelector: {}}, {@code data: {}}. Structs stay ({@code emptyDir: {}} means something).
         */
        private boolean emptyOptionalMap(String field, JsonNode value, JsonNode declared, JsonNode struct) {
            if (!(value instanceof ObjectNode o) || !o.isEmpty() || declared.has("$ref")
                    || !schemas.resolve(declared).has("additionalProperties")) {
                return false;
            }
            for (JsonNode required : struct.path("required")) {
                if (required.asText().equals(field)) {
                    return false;
                }
            }
            return true;
        }

        /**
         * One field, list item or map value: the YAML text restored where a string is declared, then
         * checked, then a numeric quantity kept as a string; {@code set} replaces it in its parent.
         */
        private String entry(JsonNode value, JsonNode declared, String path, String pointer, String structName,
                             java.util.function.Consumer<JsonNode> set) {
            JsonNode replacement = yamlText(value, declared, pointer);
            JsonNode current = replacement == null ? value : replacement;
            String problem = value(current, declared, path, pointer, structName);
            if (problem == null) {
                set.accept(quantityText(current, declared));
            }
            return problem;
        }

        private String value(JsonNode value, JsonNode declared, String path, String pointer, String structName) {
            JsonNode s = schemas.resolve(declared);
            if (declared.has("$ref")) {
                if (!(value instanceof ObjectNode o)) {
                    return mismatch(value, path, structName, schemas.structName(s));
                }
                return object(o, s, path, pointer);
            }
            String type = s.path("type").asText("");
            String format = s.path("format").asText("");
            return switch (type) {
                case "string" -> string(value, format, path, structName);
                case "integer" -> integer(value, format, path, structName);
                case "number" -> value.isNumber() ? null : mismatch(value, path, structName, "float64");
                case "boolean" -> value.isBoolean() ? null : mismatch(value, path, structName, "bool");
                case "array" -> array(value, s.path("items"), path, pointer, structName);
                case "object" -> s.has("additionalProperties")
                        ? map(value, s.get("additionalProperties"), path, pointer, structName) : null;
                default -> null;
            };
        }

        private String string(JsonNode value, String format, String path, String structName) {
            if (value.isTextual()) {
                return null;
            }
            if (format.equals("int-or-string") && value.isIntegralNumber() && value.canConvertToInt()) {
                return null;
            }
            if (format.equals("quantity") && value.isNumber()) {
                return null;
            }
            return mismatch(value, path, structName, switch (format) {
                case "int-or-string" -> "intstr.IntOrString";
                case "quantity" -> "resource.Quantity";
                default -> "string";
            });
        }

        private String integer(JsonNode value, String format, String path, String structName) {
            String goType = format.equals("int32") ? "int32" : "int64";
            if (!value.isNumber()) {
                return mismatch(value, path, structName, goType);
            }
            boolean fits = value.isIntegralNumber() && (goType.equals("int32") ? value.canConvertToInt()
                    : value.canConvertToLong());
            if (!fits) {
                return "cannot unmarshal number " + value.asText() + " into Go struct field " + structName + "." + path
                        + " of type " + goType;
            }
            return null;
        }

        private String array(JsonNode value, JsonNode items, String path, String pointer, String structName) {
            if (!(value instanceof ArrayNode array)) {
                return mismatch(value, path, structName, "[]" + goType(items));
            }
            for (int i = 0; i < array.size(); i++) {
                String itemPath = path + "[" + i + "]";
                if (array.get(i).isNull()) {
                    return "cannot unmarshal null into Go struct field " + structName + "." + itemPath + " of type "
                            + goType(items);
                }
                int index = i;
                String problem = entry(array.get(i), items, itemPath, pointer + "/" + i, structName,
                        v -> array.set(index, v));
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }

        private String map(JsonNode value, JsonNode values, String path, String pointer, String structName) {
            if (!(value instanceof ObjectNode map)) {
                return mismatch(value, path, structName, "map[string]" + goType(values));
            }
            boolean strings = "string".equals(schemas.resolve(values).path("type").asText())
                    && !values.has("$ref");
            for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) map::fields) {
                String entryPath = path + "." + e.getKey();
                String entryPointer = pointer + "/" + escape(e.getKey());
                if (e.getValue().isNull()) {
                    if (!strings) {
                        return "cannot unmarshal null into Go struct field " + structName + "." + entryPath
                                + " of type " + goType(values);
                    }
                    e.setValue(Json.NODES.textNode(""));
                    continue;
                }
                String problem = entry(e.getValue(), values, entryPath, entryPointer, structName, e::setValue);
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }

        /** For a YAML scalar read as a number or boolean where a string is declared: the text the client wrote. */
        private JsonNode yamlText(JsonNode value, JsonNode declared, String pointer) {
            if (yamlScalars.isEmpty() || value.isTextual() || value.isContainerNode() || declared.has("$ref")) {
                return null;
            }
            JsonNode s = schemas.resolve(declared);
            if (!"string".equals(s.path("type").asText()) || !s.path("format").asText("").isEmpty()) {
                return null;
            }
            String text = yamlScalars.get(pointer);
            return text == null ? null : Json.NODES.textNode(text);
        }

        private String goType(JsonNode declared) {
            JsonNode s = schemas.resolve(declared);
            if (declared.has("$ref")) {
                return schemas.structName(s);
            }
            return switch (s.path("type").asText("")) {
                case "string" -> switch (s.path("format").asText("")) {
                    case "int-or-string" -> "intstr.IntOrString";
                    case "quantity" -> "resource.Quantity";
                    default -> "string";
                };
                case "integer" -> s.path("format").asText("int64");
                case "number" -> "float64";
                case "boolean" -> "bool";
                case "array" -> "[]" + goType(s.path("items"));
                case "object" -> s.has("additionalProperties") ? "map[string]" + goType(s.get("additionalProperties"))
                        : "map[string]interface {}";
                default -> "interface {}";
            };
        }
    }

    /** A quantity given as a JSON number is kept as the string Kubernetes would store. */
    private static JsonNode quantityText(JsonNode value, JsonNode declared) {
        return value.isNumber() && "quantity".equals(declared.path("format").asText())
                ? Json.NODES.textNode(value.asText()) : value;
    }

    private static String mismatch(JsonNode value, String path, String structName, String goType) {
        return "cannot unmarshal " + jsonType(value) + " into Go struct field " + structName + "." + path + " of type "
                + goType;
    }

    private static String jsonType(JsonNode value) {
        if (value.isObject()) {
            return "object";
        }
        if (value.isArray()) {
            return "array";
        }
        if (value.isTextual()) {
            return "string";
        }
        if (value.isBoolean()) {
            return "bool";
        }
        return value.isNumber() ? "number " + value.asText() : value.getNodeType().name().toLowerCase();
    }


    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
