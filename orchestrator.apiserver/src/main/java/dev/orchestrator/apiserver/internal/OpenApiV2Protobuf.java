package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * The {@code /openapi/v2} document in the protobuf form older kubectl asks for
 * ({@code application/com.github.proto-openapi.spec.v2@v1.0+protobuf} in Accept): gnostic's
 * {@code openapi.v2.Document} message, with the field numbers of its OpenAPIv2.proto. kubectl
 * has no JSON fallback for it (a 404 or 406 sends it to the even older
 * {@code /swagger-2.0.0.pb-v1}, also protobuf), so validation needs this form. Only the parts
 * {@link OpenApiV2} writes are encoded: info, paths with their operations, definitions.
 * Extension values ({@code x-...}) travel as YAML text, here as JSON, which YAML reads.
 */
final class OpenApiV2Protobuf {

    /** What the answer is labelled: the requested type's '@' is no valid media type character, so Kubernetes writes '.'. */
    static final String CONTENT_TYPE = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    private OpenApiV2Protobuf() {
    }

    /** Whether a client's Accept header asks for this form before JSON. */
    static boolean wanted(String accept) {
        return accept != null && accept.contains("com.github.proto-openapi.spec.v2");
    }

    static byte[] encode(JsonNode doc) {
        return message(out -> {
            string(out, 1, doc.path("swagger").asText());
            out.writeByteArray(2, message(info -> {
                string(info, 1, doc.path("info").path("title").asText());
                string(info, 2, doc.path("info").path("version").asText());
            }));
            out.writeByteArray(8, message(paths -> each(doc.path("paths"), (name, item) ->
                    paths.writeByteArray(2, named(name, pathItem(item))))));
            out.writeByteArray(9, message(definitions -> each(doc.path("definitions"), (name, schema) ->
                    definitions.writeByteArray(1, named(name, schema(schema))))));
        });
    }

    private static byte[] pathItem(JsonNode item) {
        return message(out -> {
            int[] fields = {2, 3, 4, 5, 8};
            String[] methods = {"get", "put", "post", "delete", "patch"};
            for (int i = 0; i < methods.length; i++) {
                if (item.has(methods[i])) {
                    out.writeByteArray(fields[i], operation(item.get(methods[i])));
                }
            }
        });
    }

    private static byte[] operation(JsonNode op) {
        return message(out -> {
            string(out, 5, op.path("operationId").asText());
            out.writeByteArray(9, message(responses -> each(op.path("responses"), (code, response) ->
                    responses.writeByteArray(1, named(code, message(value -> value.writeByteArray(1,
                            message(r -> string(r, 1, response.path("description").asText())))))))));
            extensions(out, 13, op);
        });
    }

    private static byte[] schema(JsonNode schema) {
        return message(out -> {
            string(out, 1, schema.path("$ref").asText());
            string(out, 2, schema.path("format").asText());
            string(out, 4, schema.path("description").asText());
            for (JsonNode r : schema.path("required")) {
                out.writeString(19, r.asText());
            }
            JsonNode additional = schema.path("additionalProperties");
            if (additional.isObject()) {
                out.writeByteArray(21, message(a -> a.writeByteArray(1, schema(additional))));
            } else if (additional.isBoolean()) {
                out.writeByteArray(21, message(a -> a.writeBool(2, additional.asBoolean())));
            }
            if (schema.path("type").isTextual()) {
                out.writeByteArray(22, message(t -> t.writeString(1, schema.get("type").asText())));
            }
            if (schema.path("items").isObject()) {
                out.writeByteArray(23, message(items -> items.writeByteArray(1, schema(schema.get("items")))));
            }
            if (schema.path("properties").isObject()) {
                out.writeByteArray(25, message(properties -> each(schema.get("properties"), (name, p) ->
                        properties.writeByteArray(1, named(name, schema(p))))));
            }
            extensions(out, 31, schema);
        });
    }

    /** Vendor extensions as {@code NamedAny}: the name, and an {@code Any} whose YAML is the value. */
    private static void extensions(CodedOutputStream out, int field, JsonNode node) throws IOException {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().startsWith("x-")) {
                String yaml = new String(Json.bytes(e.getValue()), java.nio.charset.StandardCharsets.UTF_8);
                out.writeByteArray(field, named(e.getKey(), message(any -> any.writeString(2, yaml))));
            }
        }
    }

    /** A {@code Named...} message: the name (1) and the encoded value (2). */
    private static byte[] named(String name, byte[] value) {
        return message(out -> {
            out.writeString(1, name);
            out.writeByteArray(2, value);
        });
    }

    private static void string(CodedOutputStream out, int field, String value) throws IOException {
        if (!value.isEmpty()) {
            out.writeString(field, value); // proto3 leaves empty strings out
        }
    }

    private static void each(JsonNode object, Entry body) throws IOException {
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            body.accept(e.getKey(), e.getValue());
        }
    }

    private static byte[] message(Fields fields) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            fields.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    private interface Fields {
        void write(CodedOutputStream out) throws IOException;
    }

    @FunctionalInterface
    private interface Entry {
        void accept(String name, JsonNode value) throws IOException;
    }
}
