package dev.orchestrator.apiserver.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceAccountTokensTest {

    private static final ServiceAccountTokens TOKENS = ServiceAccountTokens.ephemeral();
    private static final ServiceAccountTokens.Binding POD_BOUND = new ServiceAccountTokens.Binding("ns", "bot", "sa-uid",
            "Pod", "p1", "pod-uid");
    private final Instant now = Instant.parse("2026-12-04T10:00:00Z");

    @Test
    void roundTripKeepsTheBinding() {
        String token = TOKENS.issue(POD_BOUND, List.of(ServiceAccountTokens.ISSUER), Duration.ofHours(1), now).token();
        assertTrue(ServiceAccountTokens.looksLikeJwt(token));
        assertEquals(POD_BOUND, TOKENS.verify(token, ServiceAccountTokens.ISSUER, now.plusSeconds(10)));
        String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertTrue(claims.contains("\"sub\":\"system:serviceaccount:ns:bot\""), claims);
    }

    @Test
    void refusesExpiredOtherAudienceAndTamperedTokens() {
        String token = TOKENS.issue(POD_BOUND, List.of(ServiceAccountTokens.ISSUER), Duration.ofMinutes(10), now).token();
        assertThrows(Unauthenticated.class, () -> TOKENS.verify(token, ServiceAccountTokens.ISSUER, now.plus(Duration.ofMinutes(12))));
        assertThrows(Unauthenticated.class, () -> TOKENS.verify(token, "vault", now));
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(new String(
                Base64.getUrlDecoder().decode(parts[1])).replace("\"bot\"", "\"admin\"").getBytes()) + "." + parts[2];
        assertThrows(Unauthenticated.class, () -> TOKENS.verify(forged, ServiceAccountTokens.ISSUER, now));
        String otherKey = ServiceAccountTokens.ephemeral().issue(POD_BOUND, List.of(ServiceAccountTokens.ISSUER),
                Duration.ofHours(1), now).token();
        assertThrows(Unauthenticated.class, () -> TOKENS.verify(otherKey, ServiceAccountTokens.ISSUER, now));
        assertThrows(Unauthenticated.class, () -> TOKENS.verify("a.b.c", ServiceAccountTokens.ISSUER, now));
    }
}
