package dev.orchestrator.kubelet.internal.logs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Optional;

/**
 * An open log file read line by line, from where the last read stopped. Only complete lines
 * (ending in a newline) are returned, so a line the runtime is still writing is read once it is
 * whole. The file stays readable after it was renamed (rotated) or deleted.
 */
final class LineFile implements Closeable {

    private final FileChannel channel;
    private final Object key;
    private ByteBuffer buffer = ByteBuffer.allocate(64 * 1024).flip();

    private LineFile(FileChannel channel, Object key) {
        this.channel = channel;
        this.key = key;
    }

    /** Opens {@code path}; empty when it does not exist (rotated away, or not yet made). */
    static Optional<LineFile> open(Path path) throws IOException {
        try {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
            return Optional.of(new LineFile(channel, identity(path)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code path} is still this file (not replaced by a new one after a rotation). */
    boolean isAt(Path path) throws IOException {
        try {
            return Objects.equals(key, identity(path));
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private static Object identity(Path path) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        return attributes.fileKey() != null ? attributes.fileKey() : attributes.creationTime();
    }

    /**
     * The next complete line without its newline: the line is {@code array()[from, to)} of the
     * returned buffer, valid until the next call. Null when no complete line is there yet.
     */
    Line next() throws IOException {
        while (true) {
            int start = buffer.position();
            for (int i = start; i < buffer.limit(); i++) {
                if (buffer.get(i) == '\n') {
                    buffer.position(i + 1);
                    return new Line(buffer.array(), start, i);
                }
            }
            buffer.compact();
            if (!buffer.hasRemaining()) {
                ByteBuffer larger = ByteBuffer.allocate(buffer.capacity() * 2);
                buffer.flip();
                larger.put(buffer);
                buffer = larger;
            }
            int read = channel.read(buffer);
            buffer.flip();
            if (read <= 0) {
                return null;
            }
        }
    }

    /** A line: {@code bytes[from, to)}. */
    record Line(byte[] bytes, int from, int to) {
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
