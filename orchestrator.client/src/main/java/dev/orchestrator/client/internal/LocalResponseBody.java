package dev.orchestrator.client.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/** How a response's body is framed, taking its bytes apart as they arrive. */
abstract class LocalResponseBody {

    /** The framing of a response to {@code method} with {@code head}. */
    static LocalResponseBody of(String method, LocalResponseHead head) {
        int code = head.code();
        if ("HEAD".equalsIgnoreCase(method) || code / 100 == 1 || code == 204 || code == 304
                || head.contentLength() == 0) {
            return new Length(0);
        }
        if (head.chunked()) {
            return new Chunked();
        }
        return head.contentLength() > 0 ? new Length(head.contentLength()) : new UntilClose();
    }

    /** Takes from {@code bytes} what belongs to the body, adding its data to {@code data}. */
    abstract void decode(ByteBuffer bytes, List<ByteBuffer> data) throws IOException;

    abstract boolean ended();

    /** Whether the body ends when the server closes the connection (no length, not chunked). */
    boolean endsAtClose() {
        return false;
    }

    static ByteBuffer take(ByteBuffer bytes, long count) {
        int n = (int) Math.min(count, bytes.remaining());
        ByteBuffer slice = bytes.slice();
        slice.limit(n);
        bytes.position(bytes.position() + n);
        return slice;
    }

    private static final class Length extends LocalResponseBody {
        private long remaining;

        Length(long length) {
            remaining = length;
        }

        @Override
        void decode(ByteBuffer bytes, List<ByteBuffer> data) {
            if (remaining > 0 && bytes.hasRemaining()) {
                ByteBuffer slice = take(bytes, remaining);
                remaining -= slice.remaining();
                data.add(slice);
            }
        }

        @Override
        boolean ended() {
            return remaining == 0;
        }
    }

    private static final class UntilClose extends LocalResponseBody {
        @Override
        void decode(ByteBuffer bytes, List<ByteBuffer> data) {
            if (bytes.hasRemaining()) {
                data.add(take(bytes, bytes.remaining()));
            }
        }

        @Override
        boolean ended() {
            return false;
        }

        @Override
        boolean endsAtClose() {
            return true;
        }
    }

    /** Chunks: a hexadecimal size line, the data and CRLF, until a size of 0, trailer lines and an empty line. */
    private static final class Chunked extends LocalResponseBody {
        private enum State { SIZE, DATA, DATA_END, TRAILER, ENDED }

        private static final int MAX_LINE = 8192;
        private State state = State.SIZE;
        private final StringBuilder line = new StringBuilder();
        private long remaining;

        @Override
        void decode(ByteBuffer bytes, List<ByteBuffer> data) throws IOException {
            while (bytes.hasRemaining() && state != State.ENDED) {
                switch (state) {
                    case SIZE -> {
                        if (readLine(bytes)) {
                            remaining = chunkSize(line.toString());
                            line.setLength(0);
                            state = remaining == 0 ? State.TRAILER : State.DATA;
                        }
                    }
                    case DATA -> {
                        ByteBuffer slice = take(bytes, remaining);
                        remaining -= slice.remaining();
                        data.add(slice);
                        if (remaining == 0) {
                            state = State.DATA_END;
                        }
                    }
                    case DATA_END -> {
                        if (readLine(bytes)) {
                            if (!line.isEmpty()) {
                                throw new IOException("a chunk longer than its size from the in-process API server");
                            }
                            state = State.SIZE;
                        }
                    }
                    case TRAILER -> {
                        if (readLine(bytes)) {
                            boolean last = line.isEmpty();
                            line.setLength(0);
                            if (last) {
                                state = State.ENDED;
                            }
                        }
                    }
                    default -> throw new IllegalStateException(state.name());
                }
            }
        }

        /** Reads up to LF into {@link #line} (without CR LF); whether the line is complete. */
        private boolean readLine(ByteBuffer bytes) throws IOException {
            while (bytes.hasRemaining()) {
                char c = (char) (bytes.get() & 0xff);
                if (c == '\n') {
                    if (!line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
                        line.setLength(line.length() - 1);
                    }
                    return true;
                }
                if (line.length() >= MAX_LINE) {
                    throw new IOException("a chunk line longer than " + MAX_LINE + " bytes from the in-process API server");
                }
                line.append(c);
            }
            return false;
        }

        private static long chunkSize(String sizeLine) throws IOException {
            int extension = sizeLine.indexOf(';');
            String hex = (extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim();
            try {
                long size = Long.parseLong(hex, 16);
                if (size < 0) {
                    throw new NumberFormatException(hex);
                }
                return size;
            } catch (NumberFormatException e) {
                throw new IOException("a malformed chunk size from the in-process API server: '" + sizeLine + "'", e);
            }
        }

        @Override
        boolean ended() {
            return state == State.ENDED;
        }
    }
}
