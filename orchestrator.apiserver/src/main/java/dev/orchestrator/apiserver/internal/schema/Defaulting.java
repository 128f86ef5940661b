package dev.orchestrator.apiserver.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Structural defaulting as Kubernetes does it: a property with a {@code default} that is absent gets a copy of
 * it; a null the schema does not allow ({@code nullable} unset) is dropped first, so it is defaulted too or
 * disappears; defaults of array items and map values apply to every element. The root's own default is
 * ignored.
 */
final class Defaulting {

    private Defaulting() {
    }

    static void apply(ObjectNode object, JsonNode schema) {
        fields(object, schema);
    }

    private static void value(JsonNode value, JsonNode schema) {
        if (value.isObject()) {
            fields((ObjectNode) value, schema);
        } else if (value.isArray()) {
            JsonNode items = SchemaKeywords.items(schema);
            if (items != null) {
                for (JsonNode item : (ArrayNode) value) {
                    value(item, items);
                }
            }
        }
    }

    private static void fields(ObjectNode object, JsonNode schema) {
        JsonNode additional = SchemaKeywords.additional(schema);
        List<String> nulls = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode property = SchemaKeywords.property(schema, field.getKey());
            JsonNode fieldSchema = property != null ? property : additional;
            if (fieldSchema == null) {
                continue;
            }
            if (field.getValue().isNull() && !SchemaKeywords.nullable(fieldSchema)) {
                nulls.add(field.getKey());
            } else {
                value(field.getValue(), fieldSchema);
            }
        }
        nulls.forEach(object::remove);
        JsonNode properties = schema.get("properties");
        if (properties == null || !properties.isObject()) {
            return;
        }
        properties.fields().forEachRemaining(p -> {
            JsonNode defaultValue = p.getValue().get("default");
            if (defaultValue != null && !object.has(p.getKey())) {
                JsonNode copy = defaultValue.deepCopy();
                object.set(p.getKey(), copy);
                value(copy, p.getValue()); // a default object gets the defaults of its own fields
            }
        });
    }
}
