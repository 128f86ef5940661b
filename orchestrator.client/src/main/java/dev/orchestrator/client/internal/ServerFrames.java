package dev.orchestrator.client.internal;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads the frames a WebSocket server sends (RFC 6455 §5.2) from the bytes of a connection: a frame is taken only
 * once it is whole, and a server's frames are never masked (§5.1).
 */
final class ServerFrames {

    static final int OP_CONTINUATION = 0x0;
    static final int OP_TEXT = 0x1;
    static final int OP_BINARY = 0x2;
    static final int OP_CLOSE = 0x8;
    static final int OP_PING = 0x9;
    static final int OP_PONG = 0xA;

    /** One frame; its payload is {@code length} bytes of {@code bytes}' array from {@code offset}. */
    record Frame(boolean fin, int opcode, byte[] array, int offset, int length) {
        boolean control() {
            return (opcode & 0x08) != 0;
        }

        byte[] payload() {
            byte[] copy = new byte[length];
            System.arraycopy(array, offset, copy, 0, length);
            return copy;
        }
    }

    private ServerFrames() {
    }

    /**
     * The whole frame at the start of {@code bytes} (a heap buffer), which is then positioned after it; null (and
     * {@code bytes} untouched) while the rest of the frame has not arrived.
     *
     * @throws IOException when the server broke the protocol
     */
    static Frame next(ByteBuffer bytes, int maxPayload) throws IOException {
        int start = bytes.position();
        int available = bytes.remaining();
        if (available < 2) {
            return null;
        }
        int b0 = bytes.get(start) & 0xFF;
        int b1 = bytes.get(start + 1) & 0xFF;
        if ((b1 & 0x80) != 0) {
            throw new IOException("the server sent a masked WebSocket frame");
        }
        if ((b0 & 0x70) != 0) {
            throw new IOException("the server sent a WebSocket frame with reserved bits set (no extension was agreed)");
        }
        long length = b1 & 0x7F;
        int head = 2;
        if (length == 126) {
            if (available < 4) {
                return null;
            }
            length = (bytes.get(start + 2) & 0xFF) << 8 | bytes.get(start + 3) & 0xFF;
            head = 4;
        } else if (length == 127) {
            if (available < 10) {
                return null;
            }
            length = bytes.getLong(start + 2);
            head = 10;
        }
        int opcode = b0 & 0x0F;
        boolean fin = (b0 & 0x80) != 0;
        if ((opcode & 0x08) != 0 && (length > 125 || !fin)) {
            throw new IOException("the server sent a WebSocket control frame that is fragmented or over 125 bytes");
        }
        if (length < 0 || length > maxPayload) {
            throw new IOException("the server sent a WebSocket frame of " + length + " bytes, more than the "
                    + maxPayload + " a message may have");
        }
        if (available < head + length) {
            return null;
        }
        bytes.position(start + head + (int) length);
        return new Frame(fin, opcode, bytes.array(), bytes.arrayOffset() + start + head, (int) length);
    }
}
