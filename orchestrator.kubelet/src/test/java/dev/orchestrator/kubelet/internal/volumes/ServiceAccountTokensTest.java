package dev.orchestrator.kubelet.internal.volumes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.kubelet.internal.ConfigSources;
import dev.orchestrator.testing.MovableClock;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjectionBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceAccountTokensTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-04T10:00:00Z"));
    private final List<String> requests = new ArrayList<>();
    private final ConfigSources sources = new ConfigSources() {
        @Override
        public Optional<Map<String, String>> configMap(String namespace, String name) {
            return Optional.empty();
        }

        @Override
        public Optional<Map<String, String>> secret(String namespace, String name) {
            return Optional.empty();
        }

        @Override
        public IssuedToken serviceAccountToken(String namespace, String serviceAccount, String podName, String podUid,
                                               String audience, long expirationSeconds) {
            if (serviceAccount.equals("missing")) {
                throw new IllegalStateException("failed to fetch token: serviceaccounts \"missing\" not found");
            }
            requests.add(namespace + "/" + serviceAccount + "/" + podName + "/" + audience + "/" + expirationSeconds);
            return new IssuedToken("t" + requests.size(), clock.instant().plusSeconds(expirationSeconds));
        }
    };
    private final ServiceAccountTokens tokens = new ServiceAccountTokens(sources, clock);

    private static Pod pod(String account) {
        return new PodBuilder().withNewMetadata().withNamespace("ns").withName("p").withUid("u1").endMetadata()
                .withNewSpec().withServiceAccountName(account).endSpec().build();
    }

    @Test
    void keepsATokenUntil80PercentOfItsLifetimeThenRotates() throws Exception {
        ServiceAccountTokenProjection projection = new ServiceAccountTokenProjectionBuilder().withExpirationSeconds(3600L).withPath("token").build();
        assertEquals("t1", new String(tokens.token(pod(null), projection)));
        assertEquals(List.of("ns/default/p//3600"), requests, "the pod's ServiceAccount defaults to default");
        clock.advance(Duration.ofMinutes(47));
        assertEquals("t1", new String(tokens.token(pod(null), projection)));
        clock.advance(Duration.ofMinutes(2)); // 49 min > 80 % of 60
        assertEquals("t2", new String(tokens.token(pod(null), projection)));
        tokens.forget("u1");
        assertEquals("t3", new String(tokens.token(pod(null), projection)));
    }

    @Test
    void aRefusedRequestIsAVolumeErrorWithTheServersReason() {
        VolumeSetupException e = assertThrows(VolumeSetupException.class,
                () -> tokens.token(pod("missing"), new ServiceAccountTokenProjectionBuilder().withAudience("vault").withExpirationSeconds(600L).withPath("token").build()));
        assertTrue(e.getMessage().contains("serviceaccounts \"missing\" not found"), e.getMessage());
    }
}
