package dev.orchestrator.apiserver.internal.validation;

/**
 * The path of a field as Kubernetes prints it in validation errors: {@code spec.containers[1].name},
 * {@code data[key]}. Immutable; every step returns a new path.
 */
public final class FieldPath {

    private final String text;

    private FieldPath(String text) {
        this.text = text;
    }

    /** A path starting at a top-level field, or the whole object when {@code name} is empty. */
    public static FieldPath root(String name) {
        return new FieldPath(name);
    }

    public FieldPath child(String name) {
        return new FieldPath(text.isEmpty() ? name : text + "." + name);
    }

    public FieldPath child(String first, String... more) {
        FieldPath p = child(first);
        for (String name : more) {
            p = p.child(name);
        }
        return p;
    }

    public FieldPath index(int i) {
        return new FieldPath(text + "[" + i + "]");
    }

    /** A map entry, written as Kubernetes writes it: {@code limits[cpu]}. */
    public FieldPath key(String key) {
        return new FieldPath(text + "[" + key + "]");
    }

    @Override
    public String toString() {
        return text;
    }
}
