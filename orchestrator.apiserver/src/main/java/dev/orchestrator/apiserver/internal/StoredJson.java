package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * An object as stored, made into the object as served without decoding it: the store keeps objects without
 * {@code metadata.resourceVersion} (it is the revision of the write), so serving one means adding that field.
 * Decoding the tree and writing it again for that was about a sixth of the server's CPU in a profile of the scheduler
 * benchmark (the watch lines); this only reads the tokens, to check that what is stored is one well-formed JSON object
 * and to find where its {@code metadata} ends.
 */
final class StoredJson {

    private StoredJson() {
    }

    /**
     * The stored object with {@code metadata.resourceVersion} set to {@code revision}, as its last field (where
     * {@link ObjectStorage#withRevision} puts it): for what this server stores, byte for byte what decoding and
     * writing it again gives.
     *
     * @return null when the bytes are not a well-formed JSON object on one line with a {@code metadata} object that
     *         lacks a resourceVersion: the caller then decodes, which handles (and reports) those
     */
    static byte[] withResourceVersion(byte[] stored, long revision) {
        if (multiLine(stored)) {
            return null; // written by someone else, pretty: a watch event must be one line
        }
        int metadataEnd = metadataEnd(stored);
        if (metadataEnd < 0) {
            return null;
        }
        boolean empty = stored[previousNonBlank(stored, metadataEnd)] == '{';
        byte[] field = ((empty ? "" : ",") + "\"resourceVersion\":\"" + revision + "\"")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[stored.length + field.length];
        System.arraycopy(stored, 0, out, 0, metadataEnd);
        System.arraycopy(field, 0, out, metadataEnd, field.length);
        System.arraycopy(stored, metadataEnd, out, metadataEnd + field.length, stored.length - metadataEnd);
        return out;
    }

    /** @return the byte offset of the {@code '}'} that closes the top-level metadata object, or -1 */
    private static int metadataEnd(byte[] stored) {
        long end = -1;
        try (JsonParser p = Json.MAPPER.createParser(stored)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return -1;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean metadata = "metadata".equals(p.currentName());
                JsonToken value = p.nextToken();
                if (!metadata) {
                    p.skipChildren();
                } else if (value != JsonToken.START_OBJECT || end >= 0) {
                    return -1; // not an object, or a second one: let the decoder say what it makes of it
                } else {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        if ("resourceVersion".equals(p.currentName())) {
                            return -1;
                        }
                        p.nextToken();
                        p.skipChildren();
                    }
                    var at = p.currentTokenLocation();
                    end = at.getByteOffset() >= 0 ? at.getByteOffset() : charsToBytes(stored, at.getCharOffset());
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

    /** The parser reads UTF-8 through a Reader, so it counts chars: a char is a UTF-16 unit, two for a 4-byte one. */
    private static long charsToBytes(byte[] utf8, long chars) {
        if (chars < 0) {
            return -1;
        }
        int i = 0;
        for (long c = 0; c < chars && i < utf8.length; ) {
            int b = utf8[i] & 0xff;
            int length = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
            c += length == 4 ? 2 : 1;
            i += length;
        }
        return i;
    }

    private static boolean multiLine(byte[] json) {
        for (byte b : json) {
            if (b == '\n' || b == '\r') {
                return true; // JSON strings hold line breaks escaped: this is whitespace between tokens
            }
        }
        return false;
    }

    private static int previousNonBlank(byte[] bytes, int before) {
        int i = before - 1;
        while (i > 0 && (bytes[i] == ' ' || bytes[i] == '\n' || bytes[i] == '\r' || bytes[i] == '\t')) {
            i--;
        }
        return i;
    }
}
