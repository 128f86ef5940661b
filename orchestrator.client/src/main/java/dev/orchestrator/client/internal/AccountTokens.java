package dev.orchestrator.client.internal;

import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.OAuthTokenProvider;
import io.fabric8.kubernetes.client.dsl.ServiceAccountResource;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer token of one ServiceAccount, requested by the controller manager's client (TokenRequest) and renewed
 * when four fifths of its life have passed; fabric8 asks for it before each request. The account is created when
 * the request finds it missing, as kube-controller-manager creates its controllers' accounts. A renewal that fails
 * keeps the current token while it is valid and is tried again after {@link #RETRY_PAUSE}, so a short outage of
 * the API server costs no request that could still succeed.
 */
final class AccountTokens implements OAuthTokenProvider {

    private static final Logger LOG = LoggerFactory.getLogger(AccountTokens.class);
    static final long LIFETIME_SECONDS = 3600;
    static final Duration RETRY_PAUSE = Duration.ofSeconds(10);

    private final String name;
    private final Supplier<TokenRequest> issue;
    private final Clock clock;
    private String token;
    private Instant renewAt = Instant.MIN;
    private Instant expiresAt = Instant.MIN;

    /** @param issue requests a new token; may throw */
    AccountTokens(String name, Supplier<TokenRequest> issue, Clock clock) {
        this.name = name;
        this.issue = issue;
        this.clock = clock;
    }

    /** The tokens of {@code namespace/account}, requested with {@code manager}. */
    static AccountTokens of(KubernetesClient manager, String namespace, String account) {
        return new AccountTokens(namespace + "/" + account, () -> request(manager, namespace, account),
                Clock.systemUTC());
    }

    @Override
    public synchronized String getToken() {
        Instant now = clock.instant();
        if (token != null && now.isBefore(renewAt)) {
            return token;
        }
        try {
            TokenRequest issued = issue.get();
            Instant expires = Instant.parse(issued.getStatus().getExpirationTimestamp());
            token = issued.getStatus().getToken();
            expiresAt = expires;
            renewAt = now.plus(Duration.between(now, expires).multipliedBy(4).dividedBy(5));
            return token;
        } catch (RuntimeException e) {
            if (token != null && now.isBefore(expiresAt)) {
                // the next try after a pause, not on every request (each would wait for its own failure)
                renewAt = now.plus(RETRY_PAUSE);
                LOG.warn("cannot renew the token of the ServiceAccount {} yet (the current one is valid until {}): {}",
                        name, expiresAt, e.getMessage());
                return token;
            }
            throw new KubernetesClientException("cannot get a token for the ServiceAccount " + name + ": "
                    + e.getMessage(), e);
        }
    }

    private static TokenRequest request(KubernetesClient manager, String namespace, String account) {
        ServiceAccountResource resource = manager.serviceAccounts().inNamespace(namespace).withName(account);
        TokenRequest ask = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(LIFETIME_SECONDS).endSpec()
                .build();
        try {
            return resource.tokenRequest(ask);
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                throw e;
            }
        }
        try {
            manager.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata()
                    .withName(account).withNamespace(namespace).endMetadata().build()).create();
            LOG.info("created the ServiceAccount {}/{}", namespace, account);
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
        }
        return resource.tokenRequest(ask);
    }
}
