package dev.orchestrator.apiserver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.api.store.KeyValue;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DecodedObjectsTest {

    private final DecodedObjects objects = new DecodedObjects(2);

    private static KeyValue stored(String key, String json, long revision) {
        return new KeyValue(key, json.getBytes(StandardCharsets.UTF_8), 1, revision, 1);
    }

    @Test
    void aChangedObjectIsDecodedAgainNeverAnsweredFromTheOlderRevision() {
        objects.decode(stored("/registry/namespaces/a", "{\"metadata\":{\"name\":\"a\"},\"spec\":{\"x\":1}}", 5));

        ObjectNode newer = objects.decode(stored("/registry/namespaces/a", "{\"metadata\":{\"name\":\"a\"},\"spec\":{\"x\":2}}", 9));

        assertEquals(2, newer.path("spec").path("x").asInt());
        assertEquals("9", newer.path("metadata").path("resourceVersion").asText());
    }

    @Test
    void eachCallerGetsItsOwnCopy() {
        KeyValue kv = stored("/registry/namespaces/a", "{\"metadata\":{\"name\":\"a\"}}", 5);
        ObjectNode first = objects.decode(kv);
        first.putObject("metadata").put("name", "changed by the first caller");

        ObjectNode second = objects.decode(kv);
        ObjectNode third = objects.decode(kv);

        assertEquals("a", second.path("metadata").path("name").asText());
        assertEquals("5", second.path("metadata").path("resourceVersion").asText());
        assertNotSame(second, third);
    }

    @Test
    void moreKeysThanItHoldsStillDecodeRight() {
        for (int i = 0; i < 10; i++) {
            ObjectNode o = objects.decode(stored("/registry/namespaces/n" + i, "{\"metadata\":{\"name\":\"n" + i + "\"}}", i + 1));
            assertEquals("n" + i, o.path("metadata").path("name").asText());
        }
        assertEquals("n3", objects.decode(stored("/registry/namespaces/n3", "{\"metadata\":{\"name\":\"n3\"}}", 4))
                .path("metadata").path("name").asText());
    }
}
