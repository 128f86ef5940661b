package dev.orchestrator.client;

import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.WatchEvent;
import java.util.Optional;
import java.util.function.BiFunction;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;

/**
 * Decodes a watch event in one pass when it has the shape API servers write: {@code {"type":…,"object":{"kind":…,
 * "apiVersion":…,…}}} (or apiVersion first). fabric8's generic way reads the object into a tree to find its kind and
 * then converts the tree into the class: two passes and a tree per event, a third of what the process' informers
 * spend on decoding (BENCHMARKS.md, Scheduler). Here the kind and apiVersion at the object's start name the class, and
 * the object is read into it straight from the bytes. Anything else — other field orders, a kind fabric8 does not
 * know, an object that does not decode — is left to the generic way (empty answer), which decides as before.
 */
final class TypedWatchEvents {

    private final ObjectMapper mapper;
    private final BiFunction<String, String, Class<? extends KubernetesResource>> classOf;
    private final ClassValue<ObjectReader> readers;

    /**
     * @param classOf the class registered for an apiVersion and kind, or null (fabric8's
     *                {@code getRegisteredKubernetesResource})
     */
    TypedWatchEvents(ObjectMapper mapper, BiFunction<String, String, Class<? extends KubernetesResource>> classOf) {
        this.mapper = mapper;
        this.classOf = classOf;
        // the event's closing brace follows the object: checked by onlyClosingBrace, not an error for the reader
        ObjectReader objects = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.readers = new ClassValue<>() {
            @Override
            protected ObjectReader computeValue(Class<?> type) {
                return objects.forType(type);
            }
        };
    }

    Optional<WatchEvent> decode(byte[] body) {
        try (JsonParser head = mapper.createParser(body)) {
            if (head.nextToken() != JsonToken.START_OBJECT || !property(head, "type")
                    || head.nextToken() != JsonToken.VALUE_STRING) {
                return Optional.empty();
            }
            String type = head.getString();
            if (!property(head, "object") || head.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            int objectStart = (int) head.currentTokenLocation().getByteOffset();
            String kind = null;
            String apiVersion = null;
            for (int i = 0; i < 2; i++) {
                if (head.nextToken() != JsonToken.PROPERTY_NAME) {
                    return Optional.empty();
                }
                String name = head.currentName();
                if (head.nextToken() != JsonToken.VALUE_STRING) {
                    return Optional.empty();
                }
                if ("kind".equals(name)) {
                    kind = head.getString();
                } else if ("apiVersion".equals(name)) {
                    apiVersion = head.getString();
                }
            }
            Class<? extends KubernetesResource> objectClass = kind == null || apiVersion == null ? null
                    : classOf.apply(apiVersion, kind);
            if (objectClass == null) {
                return Optional.empty();
            }
            return readObject(body, objectStart, objectClass).map(object -> new WatchEvent(object, type));
        } catch (RuntimeException notThisWay) { // JacksonException among them: the generic way decides
            return Optional.empty();
        }
    }

    /** The object at {@code start}, if the event ends right after it. */
    private Optional<Object> readObject(byte[] body, int start, Class<?> objectClass) {
        ObjectReader reader = readers.get(objectClass);
        try (JsonParser parser = reader.createParser(body, start, body.length - start)) {
            Object object = reader.readValue(parser);
            int end = start + (int) parser.currentLocation().getByteOffset();
            return onlyClosingBrace(body, end) ? Optional.of(object) : Optional.empty();
        }
    }

    private static boolean property(JsonParser parser, String name) {
        return parser.nextToken() == JsonToken.PROPERTY_NAME && name.equals(parser.currentName());
    }

    private static boolean onlyClosingBrace(byte[] body, int from) {
        boolean closed = false;
        for (int i = from; i < body.length; i++) {
            byte b = body[i];
            if (b == '}' && !closed) {
                closed = true;
            } else if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return closed;
    }
}
