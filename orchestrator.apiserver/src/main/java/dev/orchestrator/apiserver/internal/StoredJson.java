package dev.orchestrator.apiserver.internal;

import java.nio.charset.StandardCharsets;

/**
 * An object as stored, made into the object as served without decoding it: the store keeps objects without
 * {@code metadata.resourceVersion} (it is the revision of the write), so serving one means adding that field.
 * Decoding the tree and writing it again for that was about a sixth of the server's CPU in a profile of the scheduler
 * benchmark (the watch lines); this only scans the bytes ({@link MetadataScan}), to check that what is stored is one
 * well-formed JSON object and to find where its {@code metadata} ends.
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
        int metadataEnd = MetadataScan.metadataEnd(stored);
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

    private static int previousNonBlank(byte[] bytes, int before) {
        int i = before - 1;
        while (i > 0 && (bytes[i] == ' ' || bytes[i] == '\t')) { // MetadataScan refused any line break
            i--;
        }
        return i;
    }
}
