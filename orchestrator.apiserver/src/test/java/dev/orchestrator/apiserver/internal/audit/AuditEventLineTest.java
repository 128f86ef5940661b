package dev.orchestrator.apiserver.internal.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.apiserver.internal.auth.UserInfo;
import dev.orchestrator.apiserver.internal.authz.RequestAttributes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditEventLineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant RECEIVED = Instant.parse("2026-12-06T10:11:12.123456789Z");

    @Test
    void writesEveryFieldKubernetesWritesInOneLine() throws Exception {
        UserInfo admin = new UserInfo("alice", "u-1", List.of("devs", "system:authenticated"),
                Map.of("scopes", List.of("a", "b")));
        UserInfo bob = new UserInfo("bob", "", List.of(), Map.of());
        RequestAttributes asked = RequestAttributes.resource("create", "apps", "v1", "deployments", "scale", "ns", "web");
        byte[] line = AuditEventLine.write(AuditLevel.REQUEST_RESPONSE, "id-1",
                new AuditEventLine.Request("/apis/apps/v1/namespaces/ns/deployments/web/scale?dryRun=All", admin, bob,
                        "127.0.0.1", "kubectl/v1.31 \"quoted\"\nsecond line", asked),
                new AuditEventLine.Outcome("ResponseComplete", 201, RECEIVED, RECEIVED.plusMillis(3),
                        Map.of("pod-security.kubernetes.io/audit-violations", "x"),
                        bytes("{\n  \"spec\": {\"replicas\": 2},\r\n  \"note\": \"a \\\"b\\\"\\nc é\"\n}\n"),
                        bytes("{\"kind\":\"Scale\"}")));

        String text = new String(line, StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\n"));
        assertFalse(text.substring(0, text.length() - 1).contains("\n"), "one line: " + text);
        JsonNode event = JSON.readTree(text);
        List<String> fields = new ArrayList<>();
        event.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("kind", "apiVersion", "level", "auditID", "stage", "requestURI", "verb", "user",
                "impersonatedUser", "sourceIPs", "userAgent", "objectRef", "responseStatus", "requestReceivedTimestamp",
                "stageTimestamp", "annotations", "requestObject", "responseObject"), fields);
        assertEquals("RequestResponse", event.path("level").asText());
        assertEquals("alice", event.path("user").path("username").asText());
        assertEquals("u-1", event.path("user").path("uid").asText());
        assertEquals("b", event.path("user").path("extra").path("scopes").path(1).asText());
        assertEquals("bob", event.path("impersonatedUser").path("username").asText());
        assertFalse(event.path("impersonatedUser").has("uid"));
        assertEquals("kubectl/v1.31 \"quoted\"\nsecond line", event.path("userAgent").asText());
        assertEquals("{\"resource\":\"deployments\",\"namespace\":\"ns\",\"name\":\"web\",\"apiGroup\":\"apps\","
                + "\"apiVersion\":\"v1\",\"subresource\":\"scale\"}", event.path("objectRef").toString());
        assertEquals("{\"metadata\":{},\"code\":201}", event.path("responseStatus").toString());
        assertEquals("2026-12-06T10:11:12.123456Z", event.path("requestReceivedTimestamp").asText());
        assertEquals("2026-12-06T10:11:12.126456Z", event.path("stageTimestamp").asText());
        assertEquals("{\"spec\":{\"replicas\":2},\"note\":\"a \\\"b\\\"\\nc é\"}", event.path("requestObject").toString(),
                "the body as sent, on one line");
        assertEquals("Scale", event.path("responseObject").path("kind").asText());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aBodyIsKeptOnlyWhenItIsOneJsonObject() {
        assertEquals("{\"a\":1}", new String(AuditFilter.object(bytes("{\"a\":1}"), "application/json"),
                StandardCharsets.UTF_8));
        assertTrue(AuditFilter.object(bytes("{\"a\":1}"), "application/merge-patch+json") != null);
        for (String notOne : List.of("{\"a\":", "[{\"op\":\"add\"}]", "{} {}", "{}x", "\"text\"", "", "{\"a\":1}}")) {
            assertEquals(null, AuditFilter.object(bytes(notOne), "application/json"), notOne);
        }
        assertEquals(null, AuditFilter.object(bytes("{\"a\":1}"), "application/yaml"));
        assertEquals(null, AuditFilter.object(bytes("{\"a\":1}"), null));
        assertEquals(null, AuditFilter.object(null, "application/json"));
    }

    @Test
    void leavesOutWhatTheRequestDidNotHave() throws Exception {
        byte[] line = AuditEventLine.write(AuditLevel.METADATA, "id-2",
                new AuditEventLine.Request("/healthz", new UserInfo("system:anonymous", "", List.of(), Map.of()), null,
                        "::1", null, RequestAttributes.nonResource("get", "/healthz")),
                new AuditEventLine.Outcome("ResponseStarted", 200, RECEIVED, RECEIVED, Map.of(), null, null));
        JsonNode event = JSON.readTree(line);
        for (String absent : List.of("impersonatedUser", "userAgent", "objectRef", "annotations", "requestObject",
                "responseObject")) {
            assertFalse(event.has(absent), absent + " in " + event);
        }
        assertEquals("[]", event.path("user").path("groups").toString());
        assertEquals("[\"::1\"]", event.path("sourceIPs").toString());
        assertEquals("ResponseStarted", event.path("stage").asText());
    }
}
