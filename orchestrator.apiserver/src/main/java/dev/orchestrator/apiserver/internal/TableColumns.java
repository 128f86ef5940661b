package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The columns {@code kubectl get} shows for a resource, computed on the server. */
final class TableColumns {

    /** One column: what kubectl prints as header, and how to compute its cell. */
    record Column(String name, String type, String format, String description, int priority,
                  Function<ObjectNode, Object> cell) {
    }

    private final List<Column> columns;

    private TableColumns(List<Column> columns) {
        this.columns = List.copyOf(columns);
    }

    /** Exactly these columns, in this order (a CRD's printer columns). */
    static TableColumns of(List<Column> columns) {
        return new TableColumns(columns);
    }

    List<Column> columns() {
        return columns;
    }

    /** NAME, the given columns, AGE (with priority 1 columns shown only by {@code -o wide}). */
    static Builder named() {
        return new Builder();
    }

    static final class Builder {
        private final List<Column> middle = new ArrayList<>();
        private final List<Column> wide = new ArrayList<>();
        /** Where AGE goes among the middle columns (kubectl puts it before VERSION for nodes); -1: last. */
        private int ageAt = -1;
        private boolean withAge = true;
        private Function<ObjectNode, Object> name = o -> Json.text(o.path("metadata"), "name");

        /** AGE here rather than after the last column (as kubectl prints nodes: NAME STATUS ROLES AGE VERSION). */
        Builder age() {
            ageAt = middle.size();
            return this;
        }

        /** A NAME cell other than the plain name (kubectl shows {@code standard (default)} for the default StorageClass). */
        Builder name(Function<ObjectNode, Object> cell) {
            name = cell;
            return this;
        }

        /** No AGE column: for objects computed at each read (metrics), whose age would always be 0s. */
        Builder withoutAge() {
            withAge = false;
            return this;
        }

        Builder column(String name, String description, Function<ObjectNode, Object> cell) {
            middle.add(new Column(name, "string", "", description, 0, cell));
            return this;
        }

        Builder number(String name, String description, Function<ObjectNode, Object> cell) {
            middle.add(new Column(name, "integer", "", description, 0, cell));
            return this;
        }

        Builder wide(String name, String description, Function<ObjectNode, Object> cell) {
            wide.add(new Column(name, "string", "", description, 1, cell));
            return this;
        }

        TableColumns build() {
            List<Column> all = new ArrayList<>();
            all.add(new Column("Name", "string", "name", "Name must be unique within a namespace.", 0, name));
            all.addAll(middle);
            if (withAge) {
                all.add(ageAt < 0 ? all.size() : ageAt + 1, new Column("Age", "string", "",
                        "Time since the object was created.", 0,
                        o -> Ages.since(Json.text(o.path("metadata"), "creationTimestamp"))));
            }
            all.addAll(wide);
            return new TableColumns(all);
        }
    }

    /** Helpers for cells. */
    static String joined(JsonNode array, Function<JsonNode, String> each) {
        List<String> parts = new ArrayList<>();
        array.forEach(n -> parts.add(each.apply(n)));
        return parts.isEmpty() ? "<none>" : String.join(",", parts);
    }

    static String orNone(String s) {
        return s == null || s.isEmpty() ? "<none>" : s;
    }
}
