package dev.orchestrator.http.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientFramesTest {

    private static final byte[] MASK = {0x37, (byte) 0xfa, 0x21, 0x3d};

    /** A client's frame: FIN, the opcode, masked with {@link #MASK}. */
    private static byte[] frame(int opcode, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80 | opcode);
        if (payload.length < 126) {
            out.write(0x80 | payload.length);
        } else {
            out.write(0x80 | 126);
            out.write(payload.length >> 8);
            out.write(payload.length);
        }
        out.writeBytes(MASK);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ MASK[i % 4]);
        }
        return out.toByteArray();
    }

    @Test
    void controlFramesComeWholeHoweverTheBytesArriveAndDataIsSkipped() {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(frame(0x9, "ping!".getBytes(StandardCharsets.UTF_8)));
        stream.writeBytes(frame(0x1, new byte[300])); // text the server does not read
        stream.writeBytes(frame(0x2, new byte[0]));
        stream.writeBytes(frame(0x8, new byte[] {0x03, (byte) 0xe8, 'o', 'k'}));
        byte[] bytes = stream.toByteArray();
        for (int piece = 1; piece <= bytes.length; piece++) {
            ClientFrames frames = new ClientFrames();
            List<ClientFrames.Frame> read = new ArrayList<>();
            for (int at = 0; at < bytes.length; at += piece) {
                ByteBuffer input = ByteBuffer.wrap(bytes, at, Math.min(piece, bytes.length - at));
                try {
                    for (ClientFrames.Frame f = frames.next(input); f != null; f = frames.next(input)) {
                        read.add(f);
                    }
                } catch (ClientFrames.ProtocolException e) {
                    throw new AssertionError(e);
                }
                assertEquals(0, input.remaining(), "consumed whole, in pieces of " + piece);
            }
            assertEquals(2, read.size(), "pieces of " + piece);
            assertEquals(0x9, read.get(0).opcode());
            assertArrayEquals("ping!".getBytes(StandardCharsets.UTF_8), read.get(0).payload());
            assertEquals(0x8, read.get(1).opcode());
            assertArrayEquals(new byte[] {0x03, (byte) 0xe8, 'o', 'k'}, read.get(1).payload());
        }
    }

    @Test
    void unmaskedFramesAndLongControlFramesBreakTheProtocol() {
        assertThrows(ClientFrames.ProtocolException.class,
                () -> new ClientFrames().next(ByteBuffer.wrap(new byte[] {(byte) 0x89, 0x00})));
        byte[] longPing = frame(0x9, new byte[200]);
        assertThrows(ClientFrames.ProtocolException.class, () -> new ClientFrames().next(ByteBuffer.wrap(longPing)));
    }
}
