package dev.orchestrator.apiserver.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.orchestrator.apiserver.internal.validation.FieldErrors;
import dev.orchestrator.apiserver.internal.validation.FieldPath;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a value against a structural schema, worded as Kubernetes words custom resource errors
 * ({@code spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"}).
 */
final class SchemaValidation {

    private static final java.util.Map<String, Pattern> PATTERNS = new java.util.concurrent.ConcurrentHashMap<>();

    private final FieldErrors errors;

    SchemaValidation(FieldErrors errors) {
        this.errors = errors;
    }

    /** {@code root}: the custom resource itself, whose apiVersion, kind and metadata the API server checks. */
    void value(JsonNode value, JsonNode schema, FieldPath path, boolean root) {
        if (value.isNull()) {
            if (!SchemaKeywords.nullable(schema) && !SchemaKeywords.type(schema).isEmpty()) {
                typeError(value, SchemaKeywords.type(schema), path);
            }
            return;
        }
        if (!typeMatches(value, schema, path)) {
            return;
        }
        junctors(value, schema, path, root);
        enumeration(value, schema, path);
        if (value.isTextual()) {
            string(value.asText(), schema, path);
        } else if (value.isNumber()) {
            number(value, schema, path);
        } else if (value.isArray()) {
            array(value, schema, path);
        } else if (value.isObject()) {
            object(value, schema, path, root || SchemaKeywords.embedded(schema));
        }
    }

    private boolean typeMatches(JsonNode value, JsonNode schema, FieldPath path) {
        if (SchemaKeywords.intOrString(schema)) {
            if (value.isTextual() || isInteger(value)) {
                return true;
            }
            typeError(value, "integer,string", path);
            return false;
        }
        String type = SchemaKeywords.type(schema);
        boolean matches = switch (type) {
            case "" -> true;
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> isInteger(value);
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
        if (!matches) {
            typeError(value, type, path);
        }
        return matches;
    }

    private void typeError(JsonNode value, String expected, FieldPath path) {
        String actual = jsonType(value);
        errors.invalid(path, actual, inBody(path) + " must be of type " + expected + ": \"" + actual + "\"");
    }

    private void enumeration(JsonNode value, JsonNode schema, FieldPath path) {
        JsonNode allowed = schema.get("enum");
        if (allowed == null || !allowed.isArray()) {
            return;
        }
        for (JsonNode candidate : allowed) {
            if (sameValue(candidate, value)) {
                return;
            }
        }
        List<String> supported = new ArrayList<>();
        allowed.forEach(a -> supported.add(a.isTextual() ? a.asText() : a.toString()));
        errors.notSupported(path, value, supported);
    }

    private void string(String text, JsonNode schema, FieldPath path) {
        if (schema.has("maxLength") && text.codePointCount(0, text.length()) > schema.get("maxLength").asLong()) {
            errors.invalid(path, text, inBody(path) + " should be at most " + schema.get("maxLength").asLong()
                    + " chars long");
        }
        if (schema.has("minLength") && text.codePointCount(0, text.length()) < schema.get("minLength").asLong()) {
            errors.invalid(path, text, inBody(path) + " should be at least " + schema.get("minLength").asLong()
                    + " chars long");
        }
        String pattern = schema.path("pattern").asText(null);
        if (pattern != null && !matches(pattern, text)) {
            errors.invalid(path, text, inBody(path) + " should match '" + pattern + "'");
        }
        String format = schema.path("format").asText("");
        if (!Formats.valid(format, text)) {
            errors.invalid(path, text, inBody(path) + " must be of type " + format + ": \"" + text + "\"");
        }
    }

    private void number(JsonNode value, JsonNode schema, FieldPath path) {
        BigDecimal n = value.decimalValue();
        JsonNode min = schema.get("minimum");
        if (min != null && min.isNumber()) {
            boolean exclusive = schema.path("exclusiveMinimum").asBoolean(false);
            int c = n.compareTo(min.decimalValue());
            if (c < 0 || exclusive && c == 0) {
                errors.invalid(path, value, inBody(path) + " should be greater than " + (exclusive ? "" : "or equal to ")
                        + plain(min));
            }
        }
        JsonNode max = schema.get("maximum");
        if (max != null && max.isNumber()) {
            boolean exclusive = schema.path("exclusiveMaximum").asBoolean(false);
            int c = n.compareTo(max.decimalValue());
            if (c > 0 || exclusive && c == 0) {
                errors.invalid(path, value, inBody(path) + " should be less than " + (exclusive ? "" : "or equal to ")
                        + plain(max));
            }
        }
        JsonNode multipleOf = schema.get("multipleOf");
        if (multipleOf != null && multipleOf.isNumber() && multipleOf.decimalValue().signum() > 0
                && n.remainder(multipleOf.decimalValue()).signum() != 0) {
            errors.invalid(path, value, inBody(path) + " should be a multiple of " + plain(multipleOf));
        }
    }

    private void array(JsonNode array, JsonNode schema, FieldPath path) {
        if (schema.has("maxItems") && array.size() > schema.get("maxItems").asInt()) {
            errors.tooMany(path, array.size(), schema.get("maxItems").asInt());
        }
        if (schema.has("minItems") && array.size() < schema.get("minItems").asInt()) {
            errors.invalid(path, (long) array.size(), inBody(path) + " should have at least "
                    + schema.get("minItems").asInt() + " items");
        }
        JsonNode items = SchemaKeywords.items(schema);
        for (int i = 0; i < array.size(); i++) {
            if (items != null) {
                value(array.get(i), items, path.index(i), false);
            }
        }
        listType(array, schema, path);
    }

    /** {@code set}: no value twice; {@code map}: no two items with the same key fields. */
    private void listType(JsonNode array, JsonNode schema, FieldPath path) {
        String listType = schema.path(SchemaKeywords.LIST_TYPE).asText("atomic");
        if (listType.equals("atomic")) {
            return;
        }
        Set<JsonNode> seen = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode key = listType.equals("map") ? mapKey(array.get(i), schema) : array.get(i);
            if (!seen.add(key)) {
                errors.duplicate(path.index(i), key);
            }
        }
    }

    private static JsonNode mapKey(JsonNode item, JsonNode schema) {
        var key = JsonNodeFactory.instance.objectNode();
        for (JsonNode field : schema.path(SchemaKeywords.LIST_MAP_KEYS)) {
            JsonNode v = item.get(field.asText());
            if (v != null) {
                key.set(field.asText(), v);
            }
        }
        return key;
    }

    private void object(JsonNode object, JsonNode schema, FieldPath path, boolean resource) {
        if (schema.has("maxProperties") && object.size() > schema.get("maxProperties").asInt()) {
            errors.tooMany(path, object.size(), schema.get("maxProperties").asInt());
        }
        if (schema.has("minProperties") && object.size() < schema.get("minProperties").asInt()) {
            errors.invalid(path, (long) object.size(), inBody(path) + " should have at least "
                    + schema.get("minProperties").asInt() + " properties");
        }
        for (JsonNode required : schema.path("required")) {
            if (!object.has(required.asText())) {
                errors.required(path.child(required.asText()), "");
            }
        }
        if (resource && path.toString().length() > 0) {
            for (String typeField : List.of("apiVersion", "kind")) {
                if (!object.path(typeField).isTextual() || object.path(typeField).asText().isEmpty()) {
                    errors.required(path.child(typeField), "must not be empty");
                }
            }
        }
        JsonNode additional = SchemaKeywords.additional(schema);
        object.fields().forEachRemaining(f -> {
            if (resource && f.getKey().equals("metadata")) {
                return; // ObjectMeta is validated by the API server as for every kind
            }
            JsonNode property = SchemaKeywords.property(schema, f.getKey());
            if (property != null) {
                value(f.getValue(), property, path.child(f.getKey()), false);
            } else if (additional != null) {
                value(f.getValue(), additional, path.key(f.getKey()), false);
            }
        });
    }

    /** allOf / anyOf / oneOf / not: evaluated on the same value, each branch into its own error list. */
    private void junctors(JsonNode value, JsonNode schema, FieldPath path, boolean root) {
        for (JsonNode branch : schema.path("allOf")) {
            value(value, branch, path, root);
        }
        if (schema.path("anyOf").isArray() && schema.get("anyOf").size() > 0) {
            List<List<String>> failures = new ArrayList<>();
            boolean any = false;
            for (JsonNode branch : schema.get("anyOf")) {
                FieldErrors branchErrors = FieldErrors.collecting();
                new SchemaValidation(branchErrors).value(value, branch, path, root);
                any |= branchErrors.count() == 0;
                failures.add(branchErrors.list().stream().map(Object::toString).toList());
            }
            if (!any) {
                errors.invalid(path, "", "\"" + path + "\" must validate at least one schema (anyOf): "
                        + String.join("; ", failures.stream().flatMap(List::stream).toList()));
            }
        }
        if (schema.path("oneOf").isArray() && schema.get("oneOf").size() > 0) {
            int passing = 0;
            for (JsonNode branch : schema.get("oneOf")) {
                FieldErrors branchErrors = FieldErrors.collecting();
                new SchemaValidation(branchErrors).value(value, branch, path, root);
                passing += branchErrors.count() == 0 ? 1 : 0;
            }
            if (passing != 1) {
                errors.invalid(path, "", "\"" + path + "\" must validate one and only one schema (oneOf)");
            }
        }
        JsonNode not = schema.get("not");
        if (not != null && not.isObject()) {
            FieldErrors branchErrors = FieldErrors.collecting();
            new SchemaValidation(branchErrors).value(value, not, path, root);
            if (branchErrors.count() == 0) {
                errors.invalid(path, "", "\"" + path + "\" must not validate the schema (not)");
            }
        }
    }

    private static boolean matches(String pattern, String text) {
        Pattern compiled = PATTERNS.get(pattern);
        if (compiled == null) {
            try {
                compiled = compile(pattern);
            } catch (PatternSyntaxException e) {
                return true; // refused when the CRD was written (SchemaCheck); nothing to enforce
            }
            if (PATTERNS.size() < 10_000) {
                PATTERNS.put(pattern, compiled);
            }
        }
        return compiled.matcher(text).find();
    }

    /** A schema pattern (Go's RE2 syntax, which Java reads but for named groups) as a Java pattern. */
    static Pattern compile(String pattern) {
        return Pattern.compile(pattern.replace("(?P<", "(?<"));
    }

    /** A bound as written in the schema: {@code 20}, {@code 0.5}, never {@code 2E+1}. */
    private static String plain(JsonNode number) {
        return number.decimalValue().stripTrailingZeros().toPlainString();
    }

    private static boolean isInteger(JsonNode value) {
        return value.isIntegralNumber()
                || value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0;
    }

    /** Numbers compare by value, so {@code 1} matches an enum entry {@code 1.0}. */
    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    static String jsonType(JsonNode value) {
        if (value.isNull()) {
            return "null";
        }
        if (value.isTextual()) {
            return "string";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        if (value.isArray()) {
            return "array";
        }
        if (value.isObject()) {
            return "object";
        }
        return isInteger(value) ? "integer" : "number";
    }

    private static String inBody(FieldPath path) {
        return (path.toString().isEmpty() ? "body" : path.toString()) + " in body";
    }
}
