package dev.orchestrator.apiserver.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Collects violations, each worded as Kubernetes' {@code field.Error} renders it, so that every
 * validation class says "Required value", "Invalid value: ...", "Unsupported value: ..." the same way.
 * Not thread-safe: one instance per validated object.
 */
public final class FieldErrors {

    private final Consumer<FieldError> sink;
    private final List<FieldError> own;
    private int count;

    /** Errors handed to {@code sink} as they are found. */
    public FieldErrors(Consumer<FieldError> sink) {
        this.sink = sink;
        this.own = null;
    }

    private FieldErrors(List<FieldError> own) {
        this.sink = own::add;
        this.own = own;
    }

    /** A collector with its own list, read with {@link #list()}. */
    public static FieldErrors collecting() {
        return new FieldErrors(new ArrayList<>());
    }

    /** What a collector made by {@link #collecting()} holds. */
    public List<FieldError> list() {
        if (own == null) {
            throw new IllegalStateException("this collector hands its errors to a sink");
        }
        return List.copyOf(own);
    }

    /** How many errors were added so far. */
    public int count() {
        return count;
    }

    private void add(String reason, FieldPath path, String message) {
        count++;
        sink.accept(new FieldError(reason, path.toString(), message));
    }

    public void required(FieldPath path, String detail) {
        add("FieldValueRequired", path, detail == null || detail.isEmpty() ? "Required value" : "Required value: " + detail);
    }

    public void invalid(FieldPath path, JsonNode value, String detail) {
        add("FieldValueInvalid", path, "Invalid value: " + render(value) + ": " + detail);
    }

    public void invalid(FieldPath path, String value, String detail) {
        add("FieldValueInvalid", path, "Invalid value: " + quote(value) + ": " + detail);
    }

    public void invalid(FieldPath path, long value, String detail) {
        add("FieldValueInvalid", path, "Invalid value: " + value + ": " + detail);
    }

    /** An invalid value that must not be echoed (secret data). */
    public void invalidHidden(FieldPath path, String detail) {
        add("FieldValueInvalid", path, "Invalid value: \"<hidden>\": " + detail);
    }

    public void notSupported(FieldPath path, JsonNode value, List<String> supported) {
        StringBuilder b = new StringBuilder("Unsupported value: ").append(render(value));
        if (!supported.isEmpty()) {
            b.append(": supported values: ");
            for (int i = 0; i < supported.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(quote(supported.get(i)));
            }
        }
        add("FieldValueNotSupported", path, b.toString());
    }

    public void duplicate(FieldPath path, JsonNode value) {
        add("FieldValueDuplicate", path, "Duplicate value: " + render(value));
    }

    public void duplicate(FieldPath path, String value) {
        add("FieldValueDuplicate", path, "Duplicate value: " + quote(value));
    }

    public void notFound(FieldPath path, String value) {
        add("FieldValueNotFound", path, "Not found: " + quote(value));
    }

    public void forbidden(FieldPath path, String detail) {
        add("FieldValueForbidden", path, "Forbidden: " + detail);
    }

    /** A size limit in bytes, worded as Kubernetes does for annotations and config data. */
    public void tooLong(FieldPath path, long maxBytes) {
        add("FieldValueTooLong", path, "Too long: must have at most " + maxBytes + " bytes");
    }

    public void tooMany(FieldPath path, int actual, int max) {
        add("FieldValueTooMany", path, "Too many: " + actual + ": must have at most " + max + " items");
    }

    /** {@code Invalid value: <value>: field is immutable}. */
    public void immutable(FieldPath path, JsonNode value) {
        invalid(path, value, "field is immutable");
    }

    static String render(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "null";
        }
        return value.isTextual() ? quote(value.asText()) : value.toString();
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> b.append(c < 0x20 ? String.format("\\x%02x", (int) c) : String.valueOf(c));
            }
        }
        return b.append('"').toString();
    }
}
