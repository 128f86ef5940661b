package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Server-side {@code meta.k8s.io/v1} Tables, as {@code kubectl get} asks for them. */
final class Tables {

    static final String CONTENT_TYPE = "application/json;as=Table;v=v1;g=meta.k8s.io";

    private Tables() {
    }

    /** What a row carries of its object ({@code includeObject}): kubectl's {@code --sort-by} asks for all of it. */
    enum Include {
        NONE, METADATA, OBJECT;

        /**
         * The Table a request asks for: null unless its Accept header asks for a Table (kubectl's first choice for
         * get), else how much of each object its {@code includeObject} parameter wants (Metadata when absent).
         */
        static Include requested(String accept, String includeObject) {
            if (accept == null || !accept.contains("as=Table") || !accept.contains("g=meta.k8s.io")) {
                return null;
            }
            if (includeObject == null || includeObject.isEmpty()) {
                return METADATA;
            }
            return switch (includeObject) {
                case "None" -> NONE;
                case "Metadata" -> METADATA;
                case "Object" -> OBJECT;
                default -> throw ApiException.badRequest("Unable to convert to Table as requested: includeObject: "
                        + "Invalid value: \"" + includeObject + "\": must be 'Metadata', 'Object', 'None', or empty");
            };
        }
    }

    static ObjectNode table(ResourceType type, List<ObjectNode> objects, String resourceVersion, String continueToken,
                            boolean withColumns, Include include) {
        ObjectNode table = Json.object();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        ObjectNode metadata = table.putObject("metadata");
        if (resourceVersion != null) {
            metadata.put("resourceVersion", resourceVersion);
        }
        if (continueToken != null) {
            metadata.put("continue", continueToken);
        }
        ArrayNode columns = table.putArray("columnDefinitions");
        if (withColumns) {
            for (TableColumns.Column c : type.table().columns()) {
                ObjectNode def = columns.addObject();
                def.put("name", c.name());
                def.put("type", c.type());
                def.put("format", c.format());
                def.put("description", c.description());
                def.put("priority", c.priority());
            }
        }
        ArrayNode rows = table.putArray("rows");
        for (ObjectNode o : objects) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            for (TableColumns.Column c : type.table().columns()) {
                Object value = c.cell().apply(o);
                if (value instanceof JsonNode node) {
                    cells.add(node); // e.g. a null cell: a printer column that found no value
                } else if (value instanceof Number n) {
                    cells.add(n.longValue());
                } else {
                    cells.add(value == null ? "" : value.toString());
                }
            }
            switch (include) {
                case OBJECT -> row.set("object", type.served(o));
                case METADATA -> row.set("object", PartialMetadata.of(o)); // for --show-labels and the NAMESPACE column
                case NONE -> { }
            }
        }
        return table;
    }
}
