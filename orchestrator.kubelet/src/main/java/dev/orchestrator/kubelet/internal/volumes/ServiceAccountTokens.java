package dev.orchestrator.kubelet.internal.volumes;

import dev.orchestrator.kubelet.internal.ConfigSources;
import dev.orchestrator.kubelet.internal.ConfigSources.IssuedToken;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tokens of {@code serviceAccountToken} projections: requested from the API bound to the pod, and kept until
 * 80 % of their lifetime or 24 hours have passed, as the kubelet does, so that the volume's refreshes rotate the
 * file well before the token expires and a pod's restart does not ask for a new one each time.
 */
final class ServiceAccountTokens {

    static final long DEFAULT_EXPIRATION_SECONDS = 3600;
    private static final Duration MAX_AGE = Duration.ofHours(24);

    private record Key(String podUid, String audience, long expirationSeconds) {
    }

    private record Held(IssuedToken token, Instant refreshAfter) {
    }

    private final ConfigSources sources;
    private final Clock clock;
    private final Map<Key, Held> held = new ConcurrentHashMap<>();

    ServiceAccountTokens(ConfigSources sources, Clock clock) {
        this.sources = sources;
        this.clock = clock;
    }

    byte[] token(Pod pod, ServiceAccountTokenProjection projection) throws VolumeSetupException {
        long seconds = projection.getExpirationSeconds() == null ? DEFAULT_EXPIRATION_SECONDS : projection.getExpirationSeconds();
        String audience = projection.getAudience() == null ? "" : projection.getAudience();
        Key key = new Key(pod.getMetadata().getUid(), audience, seconds);
        Instant now = clock.instant();
        Held current = held.get(key);
        if (current == null || !now.isBefore(current.refreshAfter())) {
            String named = pod.getSpec() == null ? null : pod.getSpec().getServiceAccountName();
            String account = named == null || named.isEmpty() ? "default" : named;
            IssuedToken token;
            try {
                token = sources.serviceAccountToken(pod.getMetadata().getNamespace(), account, pod.getMetadata().getName(),
                        pod.getMetadata().getUid(), audience, seconds);
            } catch (IllegalStateException e) {
                throw new VolumeSetupException(e.getMessage());
            }
            Duration lifetime = Duration.between(now, token.expires());
            Duration refresh = lifetime.multipliedBy(8).dividedBy(10);
            current = new Held(token, now.plus(refresh.compareTo(MAX_AGE) > 0 ? MAX_AGE : refresh));
            held.put(key, current);
        }
        return current.token().token().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Drops the tokens of a pod that is gone. */
    void forget(String podUid) {
        held.keySet().removeIf(k -> k.podUid().equals(podUid));
    }
}
