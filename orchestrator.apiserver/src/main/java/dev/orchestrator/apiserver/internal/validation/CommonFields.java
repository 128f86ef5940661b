package dev.orchestrator.apiserver.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Rules that many kinds share: numbers in ranges, enums, ports and protocols, names, label maps,
 * quantities. Each reads one field of {@code parent} defensively (a value of another JSON type is
 * skipped: the schema layer reports it) and adds Kubernetes-worded errors.
 */
public final class CommonFields {

    public static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");
    static final String PORT_RANGE = "must be between 1 and 65535, inclusive";

    private CommonFields() {
    }

    /** The text of a string field, or null when absent or not a string. */
    public static String text(JsonNode parent, String field) {
        JsonNode v = parent.path(field);
        return v.isTextual() ? v.asText() : null;
    }

    /** The text of a string field, "" when absent or not a string. */
    public static String textOrEmpty(JsonNode parent, String field) {
        String t = text(parent, field);
        return t == null ? "" : t;
    }

    public static boolean has(JsonNode parent, String field) {
        JsonNode v = parent.path(field);
        return !v.isMissingNode() && !v.isNull();
    }

    /** An integer field, when present and integral. */
    static Long integer(JsonNode parent, String field) {
        JsonNode v = parent.path(field);
        return v.isIntegralNumber() ? v.asLong() : null;
    }

    public static void nonNegative(JsonNode parent, String field, FieldPath path, FieldErrors errors) {
        atLeast(parent, field, 0, path, errors);
    }

    public static void atLeast(JsonNode parent, String field, long min, FieldPath path, FieldErrors errors) {
        Long v = integer(parent, field);
        if (v != null && v < min) {
            errors.invalid(path.child(field), v, "must be greater than or equal to " + min);
        }
    }

    public static void positive(JsonNode parent, String field, FieldPath path, FieldErrors errors) {
        Long v = integer(parent, field);
        if (v != null && v <= 0) {
            errors.invalid(path.child(field), v, "must be greater than 0");
        }
    }

    public static void inRange(JsonNode parent, String field, long min, long max, FieldPath path, FieldErrors errors) {
        Long v = integer(parent, field);
        if (v != null && (v < min || v > max)) {
            errors.invalid(path.child(field), v, "must be between " + min + " and " + max + ", inclusive");
        }
    }

    /** A port number 1–65535; {@code required} adds "Required value" when absent or 0. */
    public static void port(JsonNode parent, String field, boolean required, FieldPath path, FieldErrors errors) {
        Long v = integer(parent, field);
        if (v == null || v == 0) {
            if (required && !(parent.path(field).isTextual())) {
                errors.required(path.child(field), "");
            } else if (v != null) {
                errors.invalid(path.child(field), v, PORT_RANGE);
            }
        } else if (v < 1 || v > 65535) {
            errors.invalid(path.child(field), v, PORT_RANGE);
        }
    }

    /** An int-or-string port: a number 1–65535 or an IANA_SVC_NAME. */
    public static void portNumberOrName(JsonNode value, FieldPath path, FieldErrors errors) {
        if (value.isIntegralNumber()) {
            long v = value.asLong();
            if (v < 1 || v > 65535) {
                errors.invalid(path, v, PORT_RANGE);
            }
        } else if (value.isTextual()) {
            for (String p : NameFormats.portName(value.asText())) {
                errors.invalid(path, value.asText(), p);
            }
        }
    }

    /** A string enum; {@code required} adds "Required value" when empty or absent. */
    public static void oneOf(JsonNode parent, String field, boolean required, List<String> values, FieldPath path,
                             FieldErrors errors) {
        JsonNode v = parent.path(field);
        if (!v.isTextual() || v.asText().isEmpty()) {
            if (required && (v.isMissingNode() || v.isNull() || v.isTextual())) {
                errors.required(path.child(field), "");
            }
            return;
        }
        if (!values.contains(v.asText())) {
            errors.notSupported(path.child(field), v, values);
        }
    }

    public static void protocol(JsonNode parent, FieldPath path, FieldErrors errors) {
        oneOf(parent, "protocol", true, PROTOCOLS, path, errors);
    }

    /** A string field checked with one of the {@link NameFormats}; {@code required} when it must be set. */
    public static void name(JsonNode parent, String field, boolean required, Function<String, List<String>> format,
                            FieldPath path, FieldErrors errors) {
        String v = text(parent, field);
        if (v == null || v.isEmpty()) {
            JsonNode n = parent.path(field);
            boolean otherType = !n.isMissingNode() && !n.isNull() && !n.isTextual();
            if (required && !otherType) {
                errors.required(path.child(field), "");
            }
            return;
        }
        for (String p : format.apply(v)) {
            errors.invalid(path.child(field), v, p);
        }
    }

    /** Label keys (qualified names) and values; errors name the map, as Kubernetes does. */
    public static void labels(JsonNode map, FieldPath path, FieldErrors errors) {
        for (Map.Entry<String, JsonNode> e : entries(map)) {
            for (String p : NameFormats.qualifiedName(e.getKey())) {
                errors.invalid(path, e.getKey(), p);
            }
            if (e.getValue().isTextual()) {
                for (String p : NameFormats.labelValue(e.getValue().asText())) {
                    errors.invalid(path, e.getValue().asText(), p);
                }
            }
        }
    }

    /** The entries of a JSON object; none for anything else. */
    public static Iterable<Map.Entry<String, JsonNode>> entries(JsonNode map) {
        return map.isObject() ? map::fields : List.of();
    }

    /** The elements of a JSON array; none for anything else. */
    public static Iterable<JsonNode> items(JsonNode list) {
        return list.isArray() ? list : List.of();
    }

    /** A map of quantities: keys are resource names, values parse and are not negative. */
    public static void quantities(JsonNode map, FieldPath path, FieldErrors errors) {
        for (Map.Entry<String, JsonNode> e : entries(map)) {
            for (String p : NameFormats.qualifiedName(e.getKey())) {
                errors.invalid(path, e.getKey(), p);
            }
            quantity(e.getValue(), path.key(e.getKey()), errors);
        }
    }

    /** A quantity that parses and is not negative; its value, or null when invalid. */
    public static BigDecimal quantity(JsonNode value, FieldPath path, FieldErrors errors) {
        if (!value.isTextual() && !value.isNumber()) {
            return null;
        }
        BigDecimal q = Quantity.of(value).orElse(null);
        if (q == null) {
            errors.invalid(path, value, Quantity.FORMAT_ERROR);
        } else if (q.signum() < 0) {
            errors.invalid(path, value, "must be greater than or equal to 0");
            return null;
        }
        return q;
    }

    /** Adds a "Duplicate value" for every value {@code key} gives twice among {@code list}'s items. */
    public static void unique(JsonNode list, String field, FieldPath path, FieldErrors errors) {
        Set<String> seen = new HashSet<>();
        int i = 0;
        for (JsonNode item : items(list)) {
            String v = text(item, field);
            if (v != null && !v.isEmpty() && !seen.add(v)) {
                errors.duplicate(path.index(i).child(field), v);
            }
            i++;
        }
    }

    /** Whether two optional fields differ (absent equals null). */
    public static boolean changed(JsonNode updated, JsonNode old, String field) {
        JsonNode a = updated.path(field);
        JsonNode b = old.path(field);
        boolean aEmpty = a.isMissingNode() || a.isNull();
        boolean bEmpty = b.isMissingNode() || b.isNull();
        return aEmpty != bEmpty || !aEmpty && !a.equals(b);
    }

    /** "field is immutable" when {@code field} changed. */
    public static void immutable(JsonNode updated, JsonNode old, String field, FieldPath path, FieldErrors errors) {
        if (changed(updated, old, field)) {
            errors.immutable(path.child(field), updated.path(field));
        }
    }
}
