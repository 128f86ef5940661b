package dev.orchestrator.store.embedded.internal;

import dev.orchestrator.api.store.KeyValue;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One stored version of a key: a value, or a tombstone recording a deletion.
 * Encoded as {@code [live:1][createRevision:8][version:8][value...]}.
 */
record Version(String key, long modRevision, boolean live, long createRevision, long version, byte[] value) {

    static final int HEADER = 17;

    static Version decode(String key, long modRevision, byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        boolean live = b.get() == 1;
        long create = b.getLong();
        long version = b.getLong();
        return new Version(key, modRevision, live, create, version, Arrays.copyOfRange(bytes, HEADER, bytes.length));
    }

    byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(HEADER + value.length);
        encodeInto(b);
        return b.array();
    }

    /** Writes the encoding ({@link #HEADER} bytes and the value) at the buffer's position. */
    void encodeInto(ByteBuffer b) {
        b.put((byte) (live ? 1 : 0)).putLong(createRevision).putLong(version).put(value);
    }

    KeyValue toKeyValue() {
        return new KeyValue(key, value, createRevision, modRevision, version);
    }
}
