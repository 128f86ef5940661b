package dev.orchestrator.store.embedded.internal;

import dev.orchestrator.api.store.StoreUnavailableException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The log in front of the store file: each group commit appends its batch here and forces it to disk once, and
 * only a checkpoint commits the store file ({@link History} in MVStore), which is far more expensive per commit
 * than an append (it rewrites the changed pages, their parents and the chunk's layout). After a crash the batches
 * logged since the last checkpoint are applied again on open; a checkpoint then empties the log.
 *
 * <p>A record is {@code [payload length:4][CRC-32C of the payload:4][payload]}; the payload is
 * {@code [revision after the batch:8][count:4]} and per written version
 * {@code [key length:4][key, UTF-8][modRevision:8][encoded Version length:4][encoded Version]}. A record that is cut
 * short or fails its checksum ends the log: it is a batch whose write the crash interrupted, so it was never
 * acknowledged.
 */
final class WriteAheadLog implements AutoCloseable {

    static final String FILE_NAME = "orchestrator.wal";
    private static final int HEADER = 8;

    private final Path file;
    private final FileChannel channel;
    private final boolean fsync;
    private ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private long end;

    private WriteAheadLog(Path file, FileChannel channel, boolean fsync) {
        this.file = file;
        this.channel = channel;
        this.fsync = fsync;
    }

    /** Opens (or creates) the log of the store in {@code dir}; {@link #reset} it before the first append. */
    static WriteAheadLog open(Path dir, boolean fsync) {
        Path file = dir.resolve(FILE_NAME);
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            return new WriteAheadLog(file, channel, fsync);
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot open the embedded store's log " + file + ": " + e.getMessage(), e);
        }
    }

    /** One logged batch: the versions it wrote, in revision order, and the store's revision after it. */
    record Batch(long revision, List<Version> versions) {
    }

    /** The whole records of the log in {@code dir}, in order (at most a checkpoint's worth: tens of MB). */
    static List<Batch> read(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        List<Batch> batches = new ArrayList<>();
        if (!Files.exists(file)) {
            return batches;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long position = 0;
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            while (position + HEADER <= size) {
                header.clear();
                readFully(channel, header, position);
                int length = header.getInt(0);
                int checksum = header.getInt(4);
                if (length <= 0 || position + HEADER + length > size) {
                    break;
                }
                ByteBuffer payload = ByteBuffer.allocate(length);
                readFully(channel, payload, position + HEADER);
                if (checksum(payload.array(), 0, length) != checksum) {
                    break;
                }
                try {
                    batches.add(decode(payload.flip()));
                } catch (RuntimeException malformed) {
                    break; // a checksum collision on a torn record: the end as well
                }
                position += HEADER + length;
            }
            return batches;
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot read the embedded store's log " + file + ": " + e.getMessage(), e);
        }
    }

    /** Appends a batch; with fsync on, it is on disk when this returns. */
    void append(long revision, List<Version> versions) {
        int size = HEADER + 12;
        for (Version v : versions) {
            size += 16 + v.key().length() * 3 + Version.HEADER + v.value().length;
        }
        if (buffer.capacity() < size) {
            buffer = ByteBuffer.allocate(Math.max(size, buffer.capacity() * 2));
        }
        buffer.clear().position(HEADER);
        buffer.putLong(revision).putInt(versions.size());
        for (Version v : versions) {
            byte[] key = v.key().getBytes(StandardCharsets.UTF_8);
            buffer.putInt(key.length).put(key).putLong(v.modRevision()).putInt(Version.HEADER + v.value().length);
            v.encodeInto(buffer);
        }
        int length = buffer.position() - HEADER;
        buffer.putInt(0, length).putInt(4, checksum(buffer.array(), HEADER, length));
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                end += channel.write(buffer, end);
            }
            if (fsync) {
                channel.force(false);
            }
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot append to the embedded store's log " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /** Empties the log: everything in it is in the store file, on disk. */
    void reset() {
        try {
            channel.truncate(0);
            if (fsync) {
                channel.force(true);
            }
            end = 0;
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot empty the embedded store's log " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /** Bytes in the log now. */
    long size() {
        return end;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot close the embedded store's log " + file + ": "
                    + e.getMessage(), e);
        }
    }

    private static Batch decode(ByteBuffer payload) {
        long revision = payload.getLong();
        int count = payload.getInt();
        List<Version> versions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] key = new byte[payload.getInt()];
            payload.get(key);
            long modRevision = payload.getLong();
            byte[] encoded = new byte[payload.getInt()];
            payload.get(encoded);
            versions.add(Version.decode(new String(key, StandardCharsets.UTF_8), modRevision, encoded));
        }
        return new Batch(revision, versions);
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        while (into.hasRemaining()) {
            if (channel.read(into, position + into.position()) < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    private static int checksum(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }
}
