package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** JSON and YAML reading and writing of API objects as trees. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** Parses a request body that must be one JSON (or, when {@code yaml}, YAML) object. */
    static ObjectNode parseObject(byte[] body, boolean yaml) {
        JsonNode node = parse(body, yaml);
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.badRequest("the request body must be a JSON object, not " + describe(node));
        }
        return object;
    }

    static JsonNode parse(byte[] body, boolean yaml) {
        if (body.length == 0) {
            throw ApiException.badRequest("the request body is empty; it must be a JSON object");
        }
        try {
            JsonNode node = (yaml ? YAML : MAPPER).readTree(body);
            if (node == null || node.isMissingNode()) {
                throw ApiException.badRequest("the request body is empty; it must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the request body is not valid " + (yaml ? "YAML" : "JSON") + ": "
                    + e.getOriginalMessage() + location(e));
        } catch (IOException e) {
            throw ApiException.badRequest("cannot read the request body: " + e.getMessage());
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an API object", e);
        }
    }

    static ObjectNode readStored(byte[] stored) {
        try {
            return (ObjectNode) MAPPER.readTree(stored);
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("stored object is not a JSON object", e);
        }
    }

    /** RFC 3339 time at second precision, as Kubernetes writes metav1.Time. */
    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static ObjectNode objectField(ObjectNode parent, String field) {
        JsonNode v = parent.get(field);
        if (v instanceof ObjectNode o) {
            return o;
        }
        return parent.putObject(field);
    }

    private static String describe(JsonNode node) {
        if (node.isArray()) {
            return "an array";
        }
        if (node.isTextual()) {
            return "a string";
        }
        return node.getNodeType().name().toLowerCase();
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }
}
