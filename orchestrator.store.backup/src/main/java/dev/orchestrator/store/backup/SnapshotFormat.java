package dev.orchestrator.store.backup;

import java.nio.charset.StandardCharsets;

/**
 * The snapshot file, version 1 (big-endian, described for operators in docs/store.md):
 *
 * <pre>
 * magic       8 bytes  "ORCHSNAP"
 * version     int32    1
 * revision    int64    the store revision every entry was read at
 * entries     repeated: marker byte 1, key length int32, key (UTF-8), createRevision int64,
 *                       modRevision int64, version int64, value length int32, value
 * end         marker byte 0, entry count int64
 * checksum    32 bytes SHA-256 of every byte before it
 * </pre>
 *
 * One format for both stores: it is read through the {@code Store} SPI, so a snapshot of the embedded store can be
 * restored into etcd and back. The count and the trailing checksum make a cut-short or altered file detectable
 * before anything is written.
 */
public final class SnapshotFormat {

    static final byte[] MAGIC = "ORCHSNAP".getBytes(StandardCharsets.US_ASCII);
    /** The only version written and read so far; a reader refuses any other. */
    public static final int VERSION = 1;
    static final byte ENTRY = 1;
    static final byte END = 0;
    static final int CHECKSUM_BYTES = 32;
    static final String DIGEST = "SHA-256";
    /** Bounds a corrupt length field before it allocates: larger than any key or value a store accepts. */
    static final int MAX_KEY_BYTES = 64 * 1024;
    static final int MAX_VALUE_BYTES = 64 * 1024 * 1024;

    private SnapshotFormat() {
    }
}
