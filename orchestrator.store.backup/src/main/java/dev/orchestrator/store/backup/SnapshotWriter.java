package dev.orchestrator.store.backup;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Writes a snapshot (see {@link SnapshotFormat}) to a stream: the header on construction, entries one by one,
 * then {@link #finish()} for the count and checksum. Not thread-safe. Does not close the stream.
 */
public final class SnapshotWriter {

    private final OutputStream target;
    private final MessageDigest digest;
    private final DataOutputStream out;
    private final long revision;
    private long count;
    private boolean finished;

    public SnapshotWriter(OutputStream target, long revision) throws IOException {
        this.target = target;
        this.digest = sha256();
        this.out = new DataOutputStream(new DigestOutputStream(target, digest));
        this.revision = revision;
        out.write(SnapshotFormat.MAGIC);
        out.writeInt(SnapshotFormat.VERSION);
        out.writeLong(revision);
    }

    public void write(SnapshotEntry entry) throws IOException {
        if (finished) {
            throw new IllegalStateException("the snapshot is finished");
        }
        byte[] key = entry.key().getBytes(StandardCharsets.UTF_8);
        out.writeByte(SnapshotFormat.ENTRY);
        out.writeInt(key.length);
        out.write(key);
        out.writeLong(entry.createRevision());
        out.writeLong(entry.modRevision());
        out.writeLong(entry.version());
        out.writeInt(entry.value().length);
        out.write(entry.value());
        count++;
    }

    /** Writes the end marker, the count and the checksum; returns what was written. */
    public SnapshotSummary finish() throws IOException {
        finished = true;
        out.writeByte(SnapshotFormat.END);
        out.writeLong(count);
        out.flush();
        byte[] checksum = digest.digest();
        target.write(checksum);
        target.flush();
        return new SnapshotSummary(revision, count, HexFormat.of().formatHex(checksum));
    }

    public long count() {
        return count;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance(SnapshotFormat.DIGEST);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
