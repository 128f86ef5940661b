package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.time.temporal.ChronoUnit;

/** JSON and YAML reading and writing of API objects as trees. */
final class Json {

    /**
     * How deep a request body may nest. Far below what output needs, so that whatever is
     * accepted can always be written back inside a list or a watch event.
     */
    static final int MAX_REQUEST_DEPTH = 100;
    /** Reading what is stored and writing answers: deep enough for anything ever accepted. */
    private static final int MAX_STORED_DEPTH = 10_000;

    /*
     * Neither reader shares field names between parses (CANONICALIZE_FIELD_NAMES off): Jackson's shared name table
     * copies itself whenever a parse meets a name it lacks, and a cluster's objects keep bringing new ones (label,
     * annotation and ConfigMap keys, custom resources' fields). With it on, those copies were 70 % of the bytes the
     * secure server allocated while serving pod GETs (JsonFieldNamesTest, BENCHMARKS.md). Without it Jackson reads
     * through a Reader rather than straight from the UTF-8 bytes, which costs the plain (--insecure-http) mode.
     */
    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_STORED_DEPTH).build())
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_STORED_DEPTH + 10).build())
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    /** Stored objects are kept decoded (watch cache, admission): their field names are shared (SharedFieldNames). */
    private static final SharedFieldNames STORED_NAMES = new SharedFieldNames(20_000);
    private static final ObjectMapper REQUEST = new ObjectMapper(JsonFactory.builder()
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_REQUEST_DEPTH).build())
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final YAMLFactory YAML_FACTORY = YAMLFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_REQUEST_DEPTH).build())
            .build();
    private static final ObjectMapper YAML = new ObjectMapper(YAML_FACTORY)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    /** How deep {@code node} nests (a scalar is 0, {@code {}} and {@code []} are 1); walked without recursion. */
    static int depth(JsonNode node) {
        int max = 0;
        java.util.ArrayDeque<JsonNode> nodes = new java.util.ArrayDeque<>();
        java.util.ArrayDeque<Integer> depths = new java.util.ArrayDeque<>();
        nodes.push(node);
        depths.push(0);
        while (!nodes.isEmpty()) {
            JsonNode n = nodes.pop();
            int d = depths.pop();
            if (n.isContainerNode()) {
                max = Math.max(max, d + 1);
                for (JsonNode child : n) {
                    nodes.push(child);
                    depths.push(d + 1);
                }
            }
        }
        return max;
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
            JsonNode node = (yaml ? YAML : REQUEST).readTree(body);
            if (node == null || node.isMissingNode()) {
                throw ApiException.badRequest("the request body is empty; it must be a JSON object");
            }
            return node;
        } catch (StreamConstraintsException e) {
            throw ApiException.badRequest("the request body is nested deeper than " + MAX_REQUEST_DEPTH
                    + " levels, or a value in it is too long: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the request body is not valid " + (yaml ? "YAML" : "JSON") + ": "
                    + e.getOriginalMessage() + location(e));
        } catch (IOException e) {
            throw ApiException.badRequest("cannot read the request body: " + e.getMessage());
        }
    }

    /**
     * The source text of every scalar of a YAML body that was read as something other than a
     * string (number, boolean, null), by JSON pointer, so that typed decoding can give back
     * {@code yes} or {@code 0777} where the type declares a string.
     */
    static Map<String, String> yamlScalars(byte[] body) {
        Map<String, String> texts = new HashMap<>();
        try (JsonParser parser = YAML_FACTORY.createParser(body)) {
            for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
                if (t.isScalarValue() && t != JsonToken.VALUE_STRING) {
                    texts.put(parser.getParsingContext().pathAsPointer().toString(), parser.getText());
                }
            }
        } catch (IOException e) {
            return Map.of(); // the body was parsed before; nothing to add
        }
        return texts;
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an API object", e);
        }
    }

    static ObjectNode readStored(byte[] stored) {
        try (JsonParser parser = STORED_NAMES.sharing(MAPPER.createParser(stored))) {
            JsonNode node = MAPPER.readTree(parser);
            if (node instanceof ObjectNode object) {
                return object;
            }
            throw new IllegalStateException("stored object is not a JSON object: "
                    + (node == null ? "empty" : describe(node)));
        } catch (IOException e) {
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
