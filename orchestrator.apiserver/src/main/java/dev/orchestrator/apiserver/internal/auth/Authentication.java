package dev.orchestrator.apiserver.internal.auth;

import dev.orchestrator.support.pem.PemFiles;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who a request comes from: its client certificate (verified against the client CA), else its bearer token (the
 * static token file), else nobody. Nobody may read only the health and version endpoints, as Kubernetes'
 * {@code system:public-info-viewer} allows; everything else needs a user. A credential that does not verify is
 * refused wherever it is sent, as Kubernetes does.
 *
 * <p>The PKI directory holds {@code ca.crt} (the client CA) and, optionally, {@code tokens.csv}. ServiceAccount
 * tokens (JWTs this server signed) and bootstrap tokens ({@link BootstrapTokens}) are bearer tokens too.
 */
public final class Authentication implements TokenAuthenticator {

    static final String CLIENT_CA = "ca.crt";
    static final String TOKEN_FILE = "tokens.csv";
    private static final String CERTIFICATE_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";
    private static final Set<String> PUBLIC_PATHS = Set.of("/healthz", "/livez", "/readyz", "/version");
    static final UserInfo ANONYMOUS = new UserInfo("system:anonymous", "", List.of(UserInfo.UNAUTHENTICATED), Map.of());

    private final ClientCertificates certificates;
    private final TokenFile tokens;
    private final ServiceAccountTokens serviceAccountTokens;
    private final ObjectUids uids;
    private final BootstrapTokens bootstrapTokens;

    Authentication(ClientCertificates certificates, TokenFile tokens, ServiceAccountTokens serviceAccountTokens,
                   ObjectUids uids) {
        this(certificates, tokens, serviceAccountTokens, uids, new BootstrapTokens());
    }

    Authentication(ClientCertificates certificates, TokenFile tokens, ServiceAccountTokens serviceAccountTokens,
                   ObjectUids uids, BootstrapTokens bootstrapTokens) {
        this.certificates = certificates;
        this.tokens = tokens;
        this.serviceAccountTokens = serviceAccountTokens;
        this.uids = uids;
        this.bootstrapTokens = bootstrapTokens;
    }

    /**
     * Reads the client CA and the token file of {@code pkiDir}; a missing CA or an unreadable file is an error.
     * ServiceAccount tokens are checked with {@code serviceAccountTokens}' key and are valid while the objects they
     * are bound to exist with the same uid ({@code uids}).
     */
    public static Authentication fromPkiDirectory(Path pkiDir, ServiceAccountTokens serviceAccountTokens, ObjectUids uids)
            throws IOException {
        return fromPkiDirectory(pkiDir, serviceAccountTokens, uids, new BootstrapTokens());
    }

    /** As above, and the bootstrap tokens of {@code bootstrapTokens} (kept current by the API server's feed). */
    public static Authentication fromPkiDirectory(Path pkiDir, ServiceAccountTokens serviceAccountTokens, ObjectUids uids,
                                                  BootstrapTokens bootstrapTokens) throws IOException {
        List<X509Certificate> cas = PemFiles.certificates(pkiDir.resolve(CLIENT_CA));
        Path tokenFile = pkiDir.resolve(TOKEN_FILE);
        TokenFile tokens = Files.exists(tokenFile) ? TokenFile.read(tokenFile) : null;
        return new Authentication(new ClientCertificates(cas), tokens, serviceAccountTokens, uids, bootstrapTokens);
    }

    public boolean tokensConfigured() {
        return tokens != null;
    }

    /**
     * The request's user.
     *
     * @throws Unauthenticated when a credential does not verify, or there is none and the path is not public
     */
    public UserInfo authenticate(HttpServletRequest request) {
        if (request.getAttribute(CERTIFICATE_ATTRIBUTE) instanceof X509Certificate[] chain && chain.length > 0) {
            return certificates.authenticate(chain);
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null) {
            return tokenUser(authorization);
        }
        if (isPublic(request.getRequestURI())) {
            return ANONYMOUS;
        }
        throw new Unauthenticated("no client certificate and no bearer token");
    }

    private UserInfo tokenUser(String authorization) {
        String[] parts = authorization.strip().split("\\s+", 2);
        if (parts.length != 2 || !"bearer".equalsIgnoreCase(parts[0]) || parts[1].isEmpty()) {
            throw new Unauthenticated("an Authorization header that is not 'Bearer <token>'");
        }
        return authenticate(parts[1], ServiceAccountTokens.ISSUER);
    }

    @Override
    public UserInfo authenticate(String token, String audience) {
        UserInfo user = tokens == null ? null : tokens.user(token);
        if (user != null) {
            return user;
        }
        if (BootstrapTokens.looksLikeBootstrapToken(token)) {
            return bootstrapTokens.authenticate(token, Instant.now());
        }
        if (ServiceAccountTokens.looksLikeJwt(token)) {
            return serviceAccountUser(serviceAccountTokens.verify(token, audience, Instant.now()));
        }
        throw new Unauthenticated("an unknown bearer token");
    }

    /** The ServiceAccount of a verified token, while it and the object the token is bound to still exist. */
    private UserInfo serviceAccountUser(ServiceAccountTokens.Binding binding) {
        String namespace = binding.namespace();
        String accountUid = uids.uid("ServiceAccount", namespace, binding.serviceAccount());
        if (accountUid == null || !accountUid.equals(binding.serviceAccountUid())) {
            throw new Unauthenticated("the token's ServiceAccount " + namespace + "/" + binding.serviceAccount()
                    + " no longer exists (or is another one of the same name)");
        }
        Map<String, List<String>> extra = Map.of();
        if (binding.kind() != null) {
            String boundUid = uids.uid(binding.kind(), namespace, binding.name());
            if (boundUid == null || !boundUid.equals(binding.uid())) {
                throw new Unauthenticated("the " + binding.kind() + " " + namespace + "/" + binding.name()
                        + " the token is bound to no longer exists");
            }
            if ("Pod".equals(binding.kind())) {
                extra = Map.of("authentication.kubernetes.io/pod-name", List.of(binding.name()),
                        "authentication.kubernetes.io/pod-uid", List.of(binding.uid()));
            }
        }
        return new UserInfo("system:serviceaccount:" + namespace + ":" + binding.serviceAccount(), accountUid,
                List.of("system:serviceaccounts", "system:serviceaccounts:" + namespace, UserInfo.AUTHENTICATED), extra);
    }

    static boolean isPublic(String path) {
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (PUBLIC_PATHS.contains(trimmed)) {
            return true;
        }
        // the named checks: /readyz/etcd, /livez/ping
        return trimmed.startsWith("/healthz/") || trimmed.startsWith("/livez/") || trimmed.startsWith("/readyz/");
    }
}
