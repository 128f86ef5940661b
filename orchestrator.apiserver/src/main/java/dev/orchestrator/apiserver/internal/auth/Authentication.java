package dev.orchestrator.apiserver.internal.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who a request comes from: its client certificate (verified against the client CA), else its bearer token (the
 * static token file), else nobody. Nobody may read only the health and version endpoints, as Kubernetes'
 * {@code system:public-info-viewer} allows; everything else needs a user. A credential that does not verify is
 * refused wherever it is sent, as Kubernetes does.
 *
 * <p>The PKI directory holds {@code ca.crt} (the client CA) and, optionally, {@code tokens.csv}.
 */
public final class Authentication {

    static final String CLIENT_CA = "ca.crt";
    static final String TOKEN_FILE = "tokens.csv";
    private static final String CERTIFICATE_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";
    private static final Set<String> PUBLIC_PATHS = Set.of("/healthz", "/livez", "/readyz", "/version");
    static final UserInfo ANONYMOUS = new UserInfo("system:anonymous", "", List.of(UserInfo.UNAUTHENTICATED), Map.of());

    private final ClientCertificates certificates;
    private final TokenFile tokens;

    Authentication(ClientCertificates certificates, TokenFile tokens) {
        this.certificates = certificates;
        this.tokens = tokens;
    }

    /** Reads the client CA and the token file of {@code pkiDir}; a missing CA or an unreadable file is an error. */
    public static Authentication fromPkiDirectory(Path pkiDir) throws IOException {
        Path caFile = pkiDir.resolve(CLIENT_CA);
        List<X509Certificate> cas;
        try (var in = Files.newInputStream(caFile)) {
            cas = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
        } catch (GeneralSecurityException e) {
            throw new IOException(caFile + " holds no readable certificate: " + e.getMessage(), e);
        }
        if (cas.isEmpty()) {
            throw new IOException(caFile + " holds no certificate");
        }
        Path tokenFile = pkiDir.resolve(TOKEN_FILE);
        TokenFile tokens = Files.exists(tokenFile) ? TokenFile.read(tokenFile) : null;
        return new Authentication(new ClientCertificates(cas), tokens);
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
        UserInfo user = tokens == null ? null : tokens.user(parts[1]);
        if (user == null) {
            throw new Unauthenticated("an unknown bearer token");
        }
        return user;
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
