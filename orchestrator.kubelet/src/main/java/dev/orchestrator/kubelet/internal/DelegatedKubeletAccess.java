package dev.orchestrator.kubelet.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.support.x509.CertificateSubject;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;

/**
 * The kubelet's access control on a cluster with TLS, delegated to the API server as Kubernetes' kubelet delegates
 * it ({@code --authentication-token-webhook}, {@code --authorization-mode=Webhook}): a client certificate the TLS
 * handshake verified against the cluster CA names the user (common name) and groups (organizations); a bearer token
 * is sent to the API server as a {@code TokenReview}; then a {@code SubjectAccessReview} asks whether that user may
 * use the verb on {@code nodes/<subresource>} of this node. Answers are cached as Kubernetes' kubelet caches them
 * (tokens 2 min, or 10 s when refused; decisions 5 min allowed, 30 s denied), so a followed log or a busy
 * {@code kubectl top} does not ask each time.
 */
final class DelegatedKubeletAccess implements KubeletAccess {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TOKEN_TTL = Duration.ofMinutes(2);
    private static final Duration REFUSED_TOKEN_TTL = Duration.ofSeconds(10);
    private static final Duration ALLOWED_TTL = Duration.ofMinutes(5);
    private static final Duration DENIED_TTL = Duration.ofSeconds(30);
    private static final int MAX_CACHED = 4096;

    /** An authenticated caller, as the API server's reviews name one. */
    record Caller(String name, String uid, List<String> groups, Map<String, List<String>> extra) {
    }

    private record Cached<T>(T value, Instant until) {
    }

    private final KubernetesClient client;
    private final Clock clock;
    private final Map<String, Cached<Caller>> tokens = new ConcurrentHashMap<>();
    private final Map<String, Cached<Boolean>> decisions = new ConcurrentHashMap<>();

    DelegatedKubeletAccess(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    @Override
    public void check(Request request, String nodeName) {
        Caller caller = authenticate(request);
        String verb = KubeletAccess.verbOf(request.getMethod());
        String subresource = KubeletAccess.subresourceOf(request.getHttpURI().getDecodedPath());
        if (!allowed(caller, verb, subresource, nodeName)) {
            throw new KubeletRequestException(403, "Forbidden (user=" + caller.name() + ", verb=" + verb
                    + ", resource=nodes, subresource=" + subresource + ")");
        }
    }

    Caller authenticate(Request request) {
        if (request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData tls
                && tls.peerCertificates() != null && tls.peerCertificates().length > 0) {
            return certificateCaller(tls.peerCertificates()[0]);
        }
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (authorization == null) {
            throw new KubeletRequestException(401, "Unauthorized");
        }
        String[] parts = authorization.strip().split("\\s+", 2);
        if (parts.length != 2 || !"bearer".equalsIgnoreCase(parts[0]) || parts[1].isEmpty()) {
            throw new KubeletRequestException(401, "Unauthorized");
        }
        Caller caller = tokenCaller(parts[1]);
        if (caller == null) {
            throw new KubeletRequestException(401, "Unauthorized");
        }
        return caller;
    }

    /** The handshake verified the chain against the cluster CA (see {@link KubeletTls}); the subject names who. */
    private static Caller certificateCaller(X509Certificate leaf) {
        CertificateSubject subject;
        try {
            subject = CertificateSubject.of(leaf);
        } catch (IllegalArgumentException e) {
            throw new KubeletRequestException(401, "Unauthorized");
        }
        if (subject.commonName() == null) {
            throw new KubeletRequestException(401, "Unauthorized");
        }
        List<String> groups = new ArrayList<>(subject.organizations());
        groups.add("system:authenticated");
        return new Caller(subject.commonName(), "", groups, Map.of());
    }

    /** The caller a token proves (null: none), from the cache or a TokenReview. */
    private Caller tokenCaller(String token) {
        String key = sha256(token);
        Instant now = clock.instant();
        Cached<Caller> cached = tokens.get(key);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.value();
        }
        Map<String, Object> review = Map.of("apiVersion", "authentication.k8s.io/v1", "kind", "TokenReview",
                "spec", Map.of("token", token));
        JsonNode status = post("/apis/authentication.k8s.io/v1/tokenreviews", review).path("status");
        Caller caller = null;
        if (status.path("authenticated").asBoolean(false)) {
            JsonNode user = status.path("user");
            List<String> groups = new ArrayList<>();
            user.path("groups").forEach(g -> groups.add(g.asText()));
            Map<String, List<String>> extra = new LinkedHashMap<>();
            user.path("extra").fields().forEachRemaining(e -> {
                List<String> values = new ArrayList<>();
                e.getValue().forEach(v -> values.add(v.asText()));
                extra.put(e.getKey(), values);
            });
            caller = new Caller(user.path("username").asText(), user.path("uid").asText(""), groups, extra);
        }
        remember(tokens, key, caller, now.plus(caller == null ? REFUSED_TOKEN_TTL : TOKEN_TTL));
        return caller;
    }

    private boolean allowed(Caller caller, String verb, String subresource, String nodeName) {
        String key = String.join("\u0000", caller.name(), caller.uid(), String.join(",", caller.groups()),
                caller.extra().toString(), verb, subresource, nodeName);
        Instant now = clock.instant();
        Cached<Boolean> cached = decisions.get(key);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.value();
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("user", caller.name());
        spec.put("groups", caller.groups());
        if (!caller.uid().isEmpty()) {
            spec.put("uid", caller.uid());
        }
        if (!caller.extra().isEmpty()) {
            spec.put("extra", caller.extra());
        }
        spec.put("resourceAttributes", Map.of("verb", verb, "resource", "nodes", "subresource", subresource,
                "name", nodeName));
        Map<String, Object> review = Map.of("apiVersion", "authorization.k8s.io/v1", "kind", "SubjectAccessReview",
                "spec", spec);
        boolean allowed = post("/apis/authorization.k8s.io/v1/subjectaccessreviews", review).path("status")
                .path("allowed").asBoolean(false);
        remember(decisions, key, allowed, now.plus(allowed ? ALLOWED_TTL : DENIED_TTL));
        return allowed;
    }

    private JsonNode post(String path, Map<String, Object> body) {
        String answer;
        try {
            answer = client.raw(path, "POST", body);
        } catch (KubernetesClientException e) {
            throw new KubeletRequestException(503, "the API server cannot check the caller: " + e.getMessage());
        }
        if (answer == null) {
            throw new KubeletRequestException(503, "the API server cannot check the caller: no answer to " + path);
        }
        try {
            return JSON.readTree(answer);
        } catch (java.io.IOException e) {
            throw new KubeletRequestException(503, "the API server's answer to " + path + " is not JSON");
        }
    }

    private static <T> void remember(Map<String, Cached<T>> cache, String key, T value, Instant until) {
        if (cache.size() >= MAX_CACHED) {
            cache.clear(); // a flood of distinct callers costs fresh reviews, never unbounded memory
        }
        cache.put(key, new Cached<>(value, until));
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
