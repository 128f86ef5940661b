package dev.orchestrator.apiserver.internal.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.BiConsumer;

/** Objects written with single quotes, JSON-pointer mutations, and assertions on the errors found. */
final class Fixtures {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Fixtures() {
    }

    static ObjectNode json(String singleQuoted) {
        try {
            return (ObjectNode) MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(singleQuoted, e);
        }
    }

    static JsonNode value(String singleQuoted) {
        try {
            return MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(singleQuoted, e);
        }
    }

    /** A copy of {@code object} with {@code pointer} set to {@code value} (JSON), or removed when value is "<remove>". */
    static ObjectNode with(ObjectNode object, String pointer, String value) {
        ObjectNode copy = object.deepCopy();
        String[] steps = pointer.substring(1).split("/", -1);
        JsonNode parent = copy;
        for (int i = 0; i < steps.length - 1; i++) {
            JsonNode next = parent.isArray() ? parent.path(Integer.parseInt(steps[i])) : parent.path(steps[i]);
            if (next.isMissingNode()) {
                next = ((ObjectNode) parent).putObject(steps[i]);
            }
            parent = next;
        }
        String last = steps[steps.length - 1].replace("~1", "/").replace("~0", "~");
        if (parent instanceof ArrayNode array) {
            if (last.equals("-")) {
                array.add(value(value));
            } else if (value.equals("<remove>")) {
                array.remove(Integer.parseInt(last));
            } else {
                array.set(Integer.parseInt(last), value(value));
            }
        } else if (value.equals("<remove>")) {
            ((ObjectNode) parent).remove(last);
        } else {
            ((ObjectNode) parent).set(last, value(value));
        }
        return copy;
    }

    static List<FieldError> errors(JsonNode object, BiConsumer<JsonNode, FieldErrors> rules) {
        FieldErrors errors = FieldErrors.collecting();
        rules.accept(object, errors);
        return errors.list();
    }

    static void assertValid(List<FieldError> errors) {
        assertEquals(List.of(), errors, "a valid object must pass");
    }

    /** One error names {@code field} and its message contains {@code fragment}. */
    static void assertError(List<FieldError> errors, String field, String fragment) {
        assertTrue(errors.stream().anyMatch(e -> e.field().equals(field) && e.message().contains(fragment)),
                "expected " + field + ": ..." + fragment + "... among " + errors);
    }
}
