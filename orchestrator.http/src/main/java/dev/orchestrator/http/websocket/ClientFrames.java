package dev.orchestrator.http.websocket;

import java.nio.ByteBuffer;

/**
 * Reads the frames a client sends, from whatever pieces the connection delivers: control frames (close, ping,
 * pong) whole and unmasked; data frames skipped, as the server reads no data. A client's frames must be masked
 * (RFC 6455 §5.1) and a control frame's payload is at most 125 bytes in one frame (§5.5).
 */
final class ClientFrames {

    /** A control frame, its payload unmasked. */
    record Frame(int opcode, byte[] payload) {
    }

    /** What the client sent breaks the protocol: the server closes with 1002. */
    static final class ProtocolException extends Exception {
        ProtocolException(String message) {
            super(message);
        }
    }

    private static final int MAX_HEAD = 14;

    private final ByteBuffer head = ByteBuffer.allocate(MAX_HEAD + 125);
    /** Bytes of a data frame's payload still to be skipped. */
    private long skipping;

    /** The next whole control frame from what is buffered and {@code input} (consumed as far as read), or null. */
    Frame next(ByteBuffer input) throws ProtocolException {
        while (true) {
            if (skipping > 0) {
                int skipped = (int) Math.min(skipping, input.remaining());
                input.position(input.position() + skipped);
                skipping -= skipped;
                if (skipping > 0) {
                    return null;
                }
            }
            while (input.hasRemaining() && head.position() < needed()) {
                head.put(input.get());
            }
            if (head.position() < needed()) {
                return null;
            }
            Frame frame = frame();
            head.clear();
            if (frame != null) {
                return frame;
            }
        }
    }

    /** How many bytes the frame in {@code head} needs before it can be read (head, mask and a control payload). */
    private int needed() {
        if (head.position() < 2) {
            return 2;
        }
        int b1 = head.get(1) & 0xFF;
        int length = b1 & 0x7F;
        int extended = length == 126 ? 2 : length == 127 ? 8 : 0;
        int mask = (b1 & 0x80) != 0 ? 4 : 0;
        boolean control = (head.get(0) & 0x08) != 0;
        return 2 + extended + mask + (control && length < 126 ? length : 0);
    }

    /** The control frame in {@code head}, or null for a data frame (whose payload is then skipped). */
    private Frame frame() throws ProtocolException {
        int b0 = head.get(0) & 0xFF;
        int b1 = head.get(1) & 0xFF;
        int opcode = b0 & 0x0F;
        if ((b1 & 0x80) == 0) {
            throw new ProtocolException("a client's frame must be masked");
        }
        long length = b1 & 0x7F;
        int at = 2;
        if (length == 126) {
            length = (head.get(2) & 0xFF) << 8 | head.get(3) & 0xFF;
            at = 4;
        } else if (length == 127) {
            length = head.getLong(2);
            at = 10;
        }
        boolean control = (opcode & 0x08) != 0;
        if (!control) {
            skipping = length;
            return null;
        }
        if (length > 125 || (b0 & 0x80) == 0) {
            throw new ProtocolException("a control frame must be whole and at most 125 bytes");
        }
        byte[] payload = new byte[(int) length];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (head.get(at + 4 + i) ^ head.get(at + i % 4));
        }
        return new Frame(opcode, payload);
    }
}
