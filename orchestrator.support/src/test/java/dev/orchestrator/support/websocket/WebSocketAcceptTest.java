package dev.orchestrator.support.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WebSocketAcceptTest {

    @Test
    void theAnswerToTheKeyOfRfc6455sExampleIsTheOneItGives() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketAccept.of("dGhlIHNhbXBsZSBub25jZQ=="));
    }
}
