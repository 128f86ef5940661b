package dev.orchestrator.apiserver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The scan against Jackson's tokenizer (what {@link StoredJson} used before), as the oracle: on valid and broken
 * documents, and on thousands of random edits of realistic ones.
 */
class MetadataScanTest {

    private static final String POD = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p-1\","
            + "\"namespace\":\"default\",\"uid\":\"5f0c8d0e\",\"labels\":{\"app\":\"x\"},\"annotations\":{\"note\":"
            + "\"é€😀 \\\"q\\\" \\\\ \\u00e9 }\"},\"managedFields\":[{\"manager\":\"m\",\"fieldsV1\":{\"f:spec\":"
            + "{\"k:{\\\"name\\\":\\\"c\\\"}\":{}}}}]},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"i\","
            + "\"ports\":[{\"containerPort\":80}],\"args\":[]}],\"priority\":-1,\"ratio\":1.5e-3,\"on\":true,"
            + "\"off\":false,\"none\":null,\"deep\":[[[{\"a\":[{}]}]]]},\"status\":{\"phase\":\"Pending\"}}";
    private static final String CONFIG_MAP = "{\"kind\":\"ConfigMap\",\"data\":{\"metadata\":\"{}\"},"
            + "\"metadata\":{},\"binaryData\":{\"k\":\"AAEC\"}}";

    @Test
    void findsTheEndOfTheTopLevelMetadata() {
        String json = "{\"spec\":{\"metadata\":{\"x\":1}},\"metadata\":{\"name\":\"a\"},\"z\":[]}";
        assertEquals(json.indexOf("}", json.indexOf("\"name\"")), scan(json));
        assertEquals(oracle(POD), scan(POD));
        assertTrue(scan(POD) > 0);
        assertEquals(oracle(CONFIG_MAP), scan(CONFIG_MAP));
    }

    @Test
    void refusesWhatIsNotStrictJson() {
        String[] broken = {
            "", " ", "{", "}", "[]", "{}", "{\"metadata\":{}", "{\"metadata\":{}}}", "{\"metadata\":{},}",
            "{\"metadata\":{\"a\":1,}}", "{\"metadata\":{\"a\":[1,]}}", "{\"metadata\":{\"a\":01}}",
            "{\"metadata\":{\"a\":1.}}", "{\"metadata\":{\"a\":.5}}", "{\"metadata\":{\"a\":+1}}",
            "{\"metadata\":{\"a\":-}}", "{\"metadata\":{\"a\":1e}}", "{\"metadata\":{\"a\":tru}}",
            "{\"metadata\":{\"a\":nul}}", "{\"metadata\":{\"a\":True}}", "{\"metadata\":{\"a\":[}]}}",
            "{\"metadata\":{\"a\":{]}}", "{\"metadata\":{\"a\":\"\\x\"}}", "{\"metadata\":{\"a\":\"\\u00g0\"}}",
            "{\"metadata\":{\"a\":\"tab\there\"}}", "{\"metadata\":{a:1}}", "{\"metadata\":{\"a\" 1}}",
            "{\"metadata\":{\"a\":'b'}}", "{\"metadata\":{}} x", "{\"metadata\":{\"a\":\"cut",
            "{\"metadata\":{\"resourceVersion\":\"1\"}}", "{\"metadata\":{},\"metadata\":{}}",
            "{\"metadata\":[]}", "{\"meta\\u0064ata\":{}}", "{\"meta\\u0064ata\":{},\"metadata\":{}}",
            "{\"metadata\":{\"resource\\u0056ersion\":\"1\"}}", "{\"metadata\":{}\n}", "{\"metadata\":{}\r}",
        };
        for (String json : broken) {
            assertEquals(-1, scan(json), json);
        }
    }

    @Test
    void refusesMalformedUtf8InStrings() {
        byte[][] sequences = {
            {(byte) 0x80}, {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xc3}, {(byte) 0xe0, (byte) 0x80, (byte) 0xaf},
            {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {(byte) 0xf5, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xe2, (byte) 0x82},
        };
        for (byte[] bad : sequences) {
            assertEquals(-1, MetadataScan.metadataEnd(withValue(bad)), java.util.Arrays.toString(bad));
        }
        byte[] good = "é€😀".getBytes(StandardCharsets.UTF_8);
        assertTrue(MetadataScan.metadataEnd(withValue(good)) > 0);
    }

    @Test
    void refusesNestingDeeperThanItTracksAndAcceptsItsLimit() {
        String limit = "[".repeat(MetadataScan.MAX_DEPTH) + "]".repeat(MetadataScan.MAX_DEPTH);
        assertTrue(scan("{\"metadata\":{\"a\":" + limit + "}}") > 0);
        assertEquals(-1, scan("{\"metadata\":{\"a\":[" + limit + "]}}"));
    }

    @Test
    void agreesWithJacksonOnRandomEditsOfRealisticObjects() {
        Random random = new Random(20261206);
        String alphabet = "{}[]\",:\\ 0123456789-+.eEtrufalsn\tu";
        int accepted = 0;
        for (int round = 0; round < 30_000; round++) {
            StringBuilder json = new StringBuilder(round % 2 == 0 ? POD : CONFIG_MAP);
            for (int edits = 1 + random.nextInt(2); edits > 0; edits--) {
                int at = random.nextInt(json.length());
                switch (random.nextInt(3)) {
                    case 0 -> json.deleteCharAt(at);
                    case 1 -> json.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> json.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String text = json.toString();
            int expected = oracle(text);
            int actual = scan(text);
            if (actual != expected) {
                // the scan may refuse where Jackson accepts only for an escaped name it does not compare
                assertTrue(actual == -1 && text.contains("\\"),
                        "scan " + actual + ", Jackson " + expected + ": " + text);
            }
            accepted += actual >= 0 ? 1 : 0;
        }
        assertTrue(accepted > 1_000, "the edits left enough valid documents to compare: " + accepted);
    }

    private static byte[] withValue(byte[] value) {
        byte[] head = "{\"metadata\":{\"a\":\"".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\"}}".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + value.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(value, 0, out, head.length, value.length);
        System.arraycopy(tail, 0, out, head.length + value.length, tail.length);
        return out;
    }

    private static int scan(String json) {
        return MetadataScan.metadataEnd(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The byte offset of the '}' closing the top-level metadata object as Jackson's tokens place it, or -1. */
    private static int oracle(String json) {
        byte[] stored = json.getBytes(StandardCharsets.UTF_8);
        long end = -1;
        try (JsonParser p = Json.MAPPER.getFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return -1;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean metadata = "metadata".equals(p.currentName());
                JsonToken value = p.nextToken();
                if (!metadata) {
                    p.skipChildren();
                } else if (value != JsonToken.START_OBJECT || end >= 0) {
                    return -1;
                } else {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        if ("resourceVersion".equals(p.currentName())) {
                            return -1;
                        }
                        p.nextToken();
                        p.skipChildren();
                    }
                    end = new String(json.substring(0, (int) p.currentTokenLocation().getCharOffset()))
                            .getBytes(StandardCharsets.UTF_8).length;
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null || end < 0) {
                return -1;
            }
        } catch (IOException | RuntimeException malformed) {
            return -1;
        }
        return end < stored.length && stored[(int) end] == '}' ? (int) end : -1;
    }
}
