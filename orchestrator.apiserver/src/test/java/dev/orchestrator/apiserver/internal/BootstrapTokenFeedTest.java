package dev.orchestrator.apiserver.internal;

import static dev.orchestrator.apiserver.internal.WritePath.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.orchestrator.apiserver.internal.auth.BootstrapTokens;
import dev.orchestrator.apiserver.internal.auth.Unauthenticated;
import dev.orchestrator.apiserver.internal.auth.UserInfo;
import dev.orchestrator.testing.Eventually;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bootstrap tokens follow their Secrets through the watch cache: written, they authenticate; deleted, they do not. */
class BootstrapTokenFeedTest {

    private WritePath path;
    private WatchCache watchCache;
    private BootstrapTokenFeed feed;
    private final BootstrapTokens tokens = new BootstrapTokens();

    @BeforeEach
    void open() throws Exception {
        path = new WritePath();
        path.writes.create(path.type("", "v1", "namespaces"), null, json("{'metadata':{'name':'kube-system'}}"), false);
        watchCache = new WatchCache(path.store, 1000);
        feed = new BootstrapTokenFeed(path.storage, watchCache, path.registry, tokens);
        feed.start();
    }

    @AfterEach
    void close() throws Exception {
        feed.close();
        watchCache.close();
        path.close();
    }

    private boolean authenticates(String token) {
        try {
            tokens.authenticate(token, Instant.now());
            return true;
        } catch (Unauthenticated e) {
            return false;
        }
    }

    @Test
    void aTokenAuthenticatesWhileItsSecretExists() throws Exception {
        ResourceType secrets = path.type("", "v1", "secrets");
        String token = "abc123.0123456789abcdef";
        assertThrows(Unauthenticated.class, () -> tokens.authenticate(token, Instant.now()));
        path.writes.create(secrets, "kube-system", json("{'metadata':{'name':'bootstrap-token-abc123'},"
                + "'type':'bootstrap.kubernetes.io/token','stringData':{'token-id':'abc123',"
                + "'token-secret':'0123456789abcdef','usage-bootstrap-authentication':'true',"
                + "'expiration':'" + Instant.now().plusSeconds(3600) + "'}}"), false);
        // an Opaque Secret of the same shape in another namespace is no token
        path.writes.create(secrets, "default", json("{'metadata':{'name':'bootstrap-token-def456'},"
                + "'type':'bootstrap.kubernetes.io/token','stringData':{'token-id':'def456',"
                + "'token-secret':'0123456789abcdef','usage-bootstrap-authentication':'true'}}"), false);
        Eventually.until("the token authenticates", 10, () -> authenticates(token));
        UserInfo user = tokens.authenticate(token, Instant.now());
        assertEquals("system:bootstrap:abc123", user.name());
        assertEquals(false, authenticates("def456.0123456789abcdef"));

        path.writes.delete(secrets, "kube-system", "bootstrap-token-abc123", json("{}"), false);
        Eventually.until("the deleted token is refused", 10, () -> !authenticates(token));
    }
}
