package dev.orchestrator.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.MovableClock;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class AccountTokensTest {

    private static final Instant START = Instant.parse("2026-12-05T10:00:00Z");

    private static TokenRequest issued(String token, Instant expires) {
        return new TokenRequestBuilder().withNewStatus().withToken(token)
                .withExpirationTimestamp(expires.toString()).endStatus().build();
    }

    /** Issues "t1", "t2", … each valid for an hour from the clock's now; throws while {@code failing} is set. */
    private static final class Issuer implements Supplier<TokenRequest> {
        final MovableClock clock;
        final AtomicInteger calls = new AtomicInteger();
        final Deque<RuntimeException> failures = new ArrayDeque<>();

        Issuer(MovableClock clock) {
            this.clock = clock;
        }

        @Override
        public TokenRequest get() {
            if (!failures.isEmpty()) {
                throw failures.pop();
            }
            return issued("t" + calls.incrementAndGet(), clock.instant().plus(Duration.ofHours(1)));
        }
    }

    private final MovableClock clock = new MovableClock(START);
    private final Issuer issuer = new Issuer(clock);
    private final AccountTokens tokens = new AccountTokens("kube-system/x", issuer, clock);

    @Test
    void aTokenIsKeptUntilFourFifthsOfItsLifeHavePassed() {
        assertEquals("t1", tokens.getToken());
        clock.set(START.plus(Duration.ofMinutes(47)));
        assertEquals("t1", tokens.getToken());
        assertEquals(1, issuer.calls.get());
        clock.set(START.plus(Duration.ofMinutes(48)));
        assertEquals("t2", tokens.getToken());
        assertEquals(2, issuer.calls.get());
    }

    @Test
    void aFailedRenewalKeepsTheValidTokenAndRetriesAfterAPause() {
        assertEquals("t1", tokens.getToken());
        clock.set(START.plus(Duration.ofMinutes(50)));
        issuer.failures.add(new KubernetesClientException("API server unreachable"));
        assertEquals("t1", tokens.getToken());
        assertEquals("t1", tokens.getToken(), "no new request before the pause has passed");
        assertEquals(1, issuer.calls.get());
        clock.advance(AccountTokens.RETRY_PAUSE);
        assertEquals("t2", tokens.getToken(), "asked again after the pause");
    }

    @Test
    void withoutAValidTokenTheFailureNamesTheAccount() {
        issuer.failures.add(new KubernetesClientException("forbidden"));
        KubernetesClientException first = assertThrows(KubernetesClientException.class, tokens::getToken);
        assertTrue(first.getMessage().contains("kube-system/x") && first.getMessage().contains("forbidden"),
                first.getMessage());
        assertEquals("t1", tokens.getToken());
        clock.set(START.plus(Duration.ofHours(1)));
        issuer.failures.add(new KubernetesClientException("API server unreachable"));
        assertThrows(KubernetesClientException.class, tokens::getToken, "an expired token is not sent");
    }
}
