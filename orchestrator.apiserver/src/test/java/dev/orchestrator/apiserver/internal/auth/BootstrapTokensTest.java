package dev.orchestrator.apiserver.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class BootstrapTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    static ObjectNode secret(String id, String secret, String expiration, String usage, String extraGroups) {
        ObjectNode s = new ObjectMapper().createObjectNode();
        s.put("type", BootstrapTokens.SECRET_TYPE);
        s.putObject("metadata").put("name", "bootstrap-token-" + id).put("namespace", "kube-system");
        ObjectNode data = s.putObject("data");
        data.put("token-id", b64(id));
        data.put("token-secret", b64(secret));
        if (expiration != null) {
            data.put("expiration", b64(expiration));
        }
        data.put("usage-bootstrap-authentication", b64(usage));
        if (extraGroups != null) {
            data.put("auth-extra-groups", b64(extraGroups));
        }
        return s;
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aValidTokenIsItsBootstrapUserInTheBootstrappersAndItsExtraGroups() {
        BootstrapTokens tokens = new BootstrapTokens();
        tokens.put("bootstrap-token-abc123", secret("abc123", "0123456789abcdef", "2026-12-05T12:00:00Z", "true",
                "system:bootstrappers:worker,system:masters"));
        UserInfo user = tokens.authenticate("abc123.0123456789abcdef", NOW);
        assertEquals("system:bootstrap:abc123", user.name());
        assertEquals(List.of("system:bootstrappers", "system:bootstrappers:worker", UserInfo.AUTHENTICATED), user.groups(),
                "a token claims no group outside system:bootstrappers");
    }

    @Test
    void unknownWrongExpiredOrNonAuthenticatingTokensAreRefused() {
        BootstrapTokens tokens = new BootstrapTokens();
        tokens.put("bootstrap-token-abc123", secret("abc123", "0123456789abcdef", "2026-12-04T11:59:59Z", "true", null));
        tokens.put("bootstrap-token-def456", secret("def456", "0123456789abcdef", null, "false", null));
        assertTrue(assertThrows(Unauthenticated.class, () -> tokens.authenticate("abc123.0123456789abcdef", NOW))
                .getMessage().contains("expired"));
        assertThrows(Unauthenticated.class, () -> tokens.authenticate("def456.0123456789abcdef", NOW));
        assertThrows(Unauthenticated.class, () -> tokens.authenticate("zzz999.0123456789abcdef", NOW));
        tokens.put("bootstrap-token-abc123", secret("abc123", "0123456789abcdef", "2026-12-05T12:00:00Z", "true", null));
        assertThrows(Unauthenticated.class, () -> tokens.authenticate("abc123.0123456789abcdeX", NOW));
        assertThrows(Unauthenticated.class, () -> tokens.authenticate("abc123.fedcba9876543210", NOW));
        tokens.remove("bootstrap-token-abc123");
        assertThrows(Unauthenticated.class, () -> tokens.authenticate("abc123.0123456789abcdef", NOW));
    }
}
