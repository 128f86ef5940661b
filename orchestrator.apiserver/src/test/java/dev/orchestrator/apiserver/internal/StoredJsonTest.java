package dev.orchestrator.apiserver.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The served form of a stored object, spliced, against the same object decoded and written again. */
class StoredJsonTest {

    private static byte[] stored(String json) {
        ObjectNode o = Json.readStored(json.getBytes(StandardCharsets.UTF_8));
        return Json.bytes(o); // as the API server writes it to the store
    }

    private static void assertSameAsDecoded(String json) {
        byte[] stored = stored(json);
        byte[] decoded = Json.bytes(ObjectStorage.withRevision(Json.readStored(stored), 4711));
        assertArrayEquals(decoded, StoredJson.withResourceVersion(stored, 4711),
                () -> new String(decoded, StandardCharsets.UTF_8));
    }

    @Test
    void addsTheRevisionWhereDecodingWouldPutIt() {
        assertSameAsDecoded("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\",\"namespace\":\"b\","
                + "\"labels\":{\"app\":\"x\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"i\"}]}}");
    }

    @Test
    void onlyTheTopLevelMetadataCounts() {
        assertSameAsDecoded("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"spec\":{\"template\":{\"metadata\":"
                + "{\"labels\":{\"metadata\":\"}\"}}}},\"metadata\":{\"name\":\"d\"},\"status\":{}}");
    }

    @Test
    void emptyMetadataGetsNoLeadingComma() {
        assertSameAsDecoded("{\"kind\":\"ConfigMap\",\"metadata\":{}}");
        assertSameAsDecoded("{\"kind\":\"ConfigMap\",\"metadata\":{},\"data\":{\"k\":\"v\"}}");
    }

    @Test
    void countsBytesNotCharsBeforeTheEndOfMetadata() {
        // two- three- and four-byte UTF-8 (the last a surrogate pair in Java) before and inside metadata
        assertSameAsDecoded("{\"kind\":\"ConfigMap\",\"note\":\"é€😀\",\"metadata\":{\"name\":\"x\","
                + "\"annotations\":{\"a\":\"😀😀 ünïcode \\\"quoted\\\" \\\\ }\"}},\"data\":{\"😀\":\"é\"}}");
    }

    @Test
    void leavesWhatItCannotSpliceToTheDecoder() {
        String[] refused = {
            "",
            "[]",
            "\"text\"",
            "{\"kind\":\"Pod\"}", // no metadata: the decoder adds one
            "{\"metadata\":\"name\"}", // not an object
            "{\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"9\"}}", // a stale one to replace
            "{\"metadata\":{\"name\":\"a\"},\"metadata\":{\"name\":\"b\"}}", // the decoder keeps the last
            "{\"metadata\":{\"name\":\"a\"}} {}", // trailing
            "{\"metadata\":{\"name\":\"a\"},\"spec\":{", // cut short
            "{\"metadata\":{\"name\":\"a\"},\"spec\":[1,}", // malformed after metadata
            "{\"metadata\":{\"name\":\"a\"},\n \"spec\":{}}", // on two lines: not one line of a watch
            "{\"metadata\":{\"name\":\"a\"},\r\"spec\":{}}",
        };
        for (String json : refused) {
            assertNull(StoredJson.withResourceVersion(json.getBytes(StandardCharsets.UTF_8), 1), json);
        }
    }
}
