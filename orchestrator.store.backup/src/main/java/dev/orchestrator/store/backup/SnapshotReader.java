package dev.orchestrator.store.backup;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Reads a snapshot (see {@link SnapshotFormat}) and checks all of it: magic, version, every length, the entry
 * count, the checksum and that nothing follows it. Entries reach the sink before the checksum at the end is
 * checked, so whoever writes them somewhere reads the file once with {@link #verify} first.
 */
public final class SnapshotReader {

    /** Receives the entries in file order. */
    @FunctionalInterface
    public interface Sink {
        void accept(SnapshotEntry entry) throws IOException;
    }

    private SnapshotReader() {
    }

    /** Reads the whole snapshot, passing nothing on. */
    public static SnapshotSummary verify(InputStream in) throws IOException {
        return read(in, entry -> { });
    }

    /**
     * @return the revision, count and checksum of a snapshot that passed every check
     * @throws CorruptSnapshotException naming what is wrong
     */
    public static SnapshotSummary read(InputStream source, Sink sink) throws IOException {
        MessageDigest digest = SnapshotWriter.sha256();
        DataInputStream in = new DataInputStream(new DigestInputStream(source, digest));
        long entries = 0;
        try {
            byte[] magic = new byte[SnapshotFormat.MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, SnapshotFormat.MAGIC)) {
                throw new CorruptSnapshotException("not an Orchestrator snapshot: the file does not start with "
                        + "\"ORCHSNAP\"");
            }
            int version = in.readInt();
            if (version != SnapshotFormat.VERSION) {
                throw new CorruptSnapshotException("unsupported snapshot format version " + version
                        + " (this build reads version " + SnapshotFormat.VERSION + ")");
            }
            long revision = in.readLong();
            for (byte marker = in.readByte(); marker != SnapshotFormat.END; marker = in.readByte()) {
                if (marker != SnapshotFormat.ENTRY) {
                    throw new CorruptSnapshotException("corrupt snapshot: unexpected byte " + marker + " where entry "
                            + (entries + 1) + " or the end marker should be");
                }
                sink.accept(entry(in, entries + 1));
                entries++;
            }
            long count = in.readLong();
            byte[] computed = digest.digest();
            byte[] stored = new byte[SnapshotFormat.CHECKSUM_BYTES];
            source.readNBytes(stored, 0, stored.length);
            if (!Arrays.equals(computed, stored)) {
                throw new CorruptSnapshotException("checksum mismatch: the file's SHA-256 trailer does not match its "
                        + "content (the file was altered or damaged)");
            }
            if (count != entries) {
                throw new CorruptSnapshotException("entry count mismatch: the trailer says " + count
                        + " entries, the file holds " + entries);
            }
            if (source.read() != -1) {
                throw new CorruptSnapshotException("unexpected data after the checksum trailer");
            }
            return new SnapshotSummary(revision, count, HexFormat.of().formatHex(stored));
        } catch (EOFException e) {
            throw new CorruptSnapshotException("truncated snapshot: the file ends after " + entries
                    + " complete entries, before its end marker and checksum (was the backup cut short?)");
        }
    }

    private static SnapshotEntry entry(DataInputStream in, long index) throws IOException {
        byte[] key = new byte[length(in.readInt(), SnapshotFormat.MAX_KEY_BYTES, "key", index)];
        in.readFully(key);
        long createRevision = in.readLong();
        long modRevision = in.readLong();
        long version = in.readLong();
        byte[] value = new byte[length(in.readInt(), SnapshotFormat.MAX_VALUE_BYTES, "value", index)];
        in.readFully(value);
        if (createRevision <= 0 || modRevision < createRevision || version <= 0) {
            throw new CorruptSnapshotException("corrupt snapshot: entry " + index + " has impossible revisions (create "
                    + createRevision + ", mod " + modRevision + ", version " + version + ")");
        }
        return new SnapshotEntry(new String(key, StandardCharsets.UTF_8), value, createRevision, modRevision, version);
    }

    private static int length(int length, int max, String what, long index) {
        if (length <= 0 || length > max) {
            throw new CorruptSnapshotException("corrupt snapshot: entry " + index + " has a " + what + " length of "
                    + length + " bytes (1 to " + max + " allowed)");
        }
        return length;
    }
}
