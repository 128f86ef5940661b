package dev.orchestrator.kubelet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orchestrator.http.tunnel.UpgradeTunnel;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One row per kind of refusal a runtime's streaming server gives: the code and words the kubelet answers with. */
class RuntimeRefusalTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // upgrade | runtime status | reason | body | kubelet code | kubelet message
        "websocket | 403 | Forbidden | | 400 | the container runtime's streaming server refused the WebSocket upgrade "
                + "(403 Forbidden): it speaks none of the subprotocols offered (v5.channel.k8s.io); SPDY/3.1 is "
                + "served, and kubectl falls back to it",
        "SPDY/3.1 | 404 | Not Found | session not found | 404 | the container runtime's streaming server refused "
                + "the SPDY/3.1 session (404 Not Found: session not found)",
        "websocket | 400 | Bad Request | bad version | 400 | the container runtime's streaming server refused the "
                + "websocket session (400 Bad Request: bad version)",
        "SPDY/3.1 | 500 | Internal Server Error | boom | 502 | the container runtime's streaming server refused "
                + "the SPDY/3.1 session (500 Internal Server Error: boom)",
        "SPDY/3.1 | 200 | OK | | 502 | the container runtime's streaming server refused the SPDY/3.1 session (200 OK)",
    })
    void refusalsAreWordedWithAClientOrANodeCode(String upgrade, int status, String reason, String body, int code,
                                                 String message) {
        KubeletRequestException e = RuntimeRefusal.of(new UpgradeTunnel.Refusal(status, reason, "text/plain",
                body == null ? "" : body), upgrade, List.of("v5.channel.k8s.io"));
        assertEquals(code, e.code);
        assertEquals(message, e.getMessage());
    }
}
