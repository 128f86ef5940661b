package dev.orchestrator.support.websocket;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** The WebSocket handshake's proof (RFC 6455 §4.2.2): the server's answer to a client's Sec-WebSocket-Key. */
public final class WebSocketAccept {

    /** RFC 6455 §1.3: what the key is hashed with, so that only a server that read the handshake can answer it. */
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WebSocketAccept() {
    }

    /** The Sec-WebSocket-Accept that answers {@code key}. */
    public static String of(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }
}
