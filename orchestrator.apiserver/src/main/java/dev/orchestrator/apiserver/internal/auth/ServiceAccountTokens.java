package dev.orchestrator.apiserver.internal.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.orchestrator.support.pem.PemFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * ServiceAccount tokens as Kubernetes makes them: JWTs signed RS256 with the server's key, issuer
 * {@value #ISSUER}, subject {@code system:serviceaccount:<namespace>:<name>}, an expiry, and a private
 * {@code kubernetes.io} claim naming the namespace, the ServiceAccount and the object the token is bound to
 * (with their uids, so a token dies with them). Nimbus JOSE+JWT does the JOSE part.
 */
public final class ServiceAccountTokens {

    public static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
    /** Clock skew allowed on a token's not-before and expiry, as Kubernetes allows. */
    private static final Duration LEEWAY = Duration.ofSeconds(60);
    private static final String PRIVATE_CLAIM = "kubernetes.io";

    private final JWSSigner signer;
    private final JWSVerifier verifier;
    private final String keyId;

    /** What a token is bound to: the ServiceAccount always, a Pod or Secret when asked. */
    public record Binding(String namespace, String serviceAccount, String serviceAccountUid, String kind, String name,
                          String uid) {
    }

    public record Issued(String token, Instant expires) {
    }

    private ServiceAccountTokens(RSAPrivateCrtKey key) throws GeneralSecurityException {
        RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        this.signer = new RSASSASigner(key);
        this.verifier = new RSASSAVerifier(publicKey);
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded());
        this.keyId = Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    /** The signing key of the PKI directory ({@code sa.key}, an RSA PKCS#8 PEM key). */
    public static ServiceAccountTokens fromKeyFile(Path file) throws IOException {
        try {
            return new ServiceAccountTokens((RSAPrivateCrtKey) PemFiles.privateKey(file));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IOException(file + " holds no RSA key: " + e.getMessage(), e);
        }
    }

    /** A key that lives as long as the process: a server without a PKI directory (development). */
    public static ServiceAccountTokens ephemeral() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new ServiceAccountTokens((RSAPrivateCrtKey) generator.generateKeyPair().getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public Issued issue(Binding binding, List<String> audiences, Duration lifetime, Instant now) {
        Instant expires = now.plus(lifetime);
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("namespace", binding.namespace());
        identity.put("serviceaccount", Map.of("name", binding.serviceAccount(), "uid", binding.serviceAccountUid()));
        if (binding.kind() != null) {
            identity.put(binding.kind().toLowerCase(), Map.of("name", binding.name(), "uid", binding.uid()));
        }
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("system:serviceaccount:" + binding.namespace() + ":" + binding.serviceAccount())
                .audience(audiences)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(expires))
                .jwtID(UUID.randomUUID().toString())
                .claim(PRIVATE_CLAIM, identity)
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a ServiceAccount token: " + e.getMessage(), e);
        }
        return new Issued(jwt.serialize(), expires);
    }

    /** Whether a bearer token looks like one of ours (a JWT at all), so that a token file's tokens are not parsed. */
    static boolean looksLikeJwt(String token) {
        return token.chars().filter(c -> c == '.').count() == 2;
    }

    /**
     * The binding of a token this server signed, still valid at {@code now} for {@code audience}.
     *
     * @throws Unauthenticated when the token is not one, or no longer
     */
    @SuppressWarnings("unchecked")
    Binding verify(String token, String audience, Instant now) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                throw new Unauthenticated("a ServiceAccount token with a bad signature");
            }
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | JOSEException e) {
            throw new Unauthenticated("a bearer token that is not a JWT of this server: " + e.getMessage());
        }
        if (!ISSUER.equals(claims.getIssuer())) {
            throw new Unauthenticated("a JWT of another issuer: " + claims.getIssuer());
        }
        if (claims.getExpirationTime() == null || now.minus(LEEWAY).isAfter(claims.getExpirationTime().toInstant())) {
            throw new Unauthenticated("an expired ServiceAccount token");
        }
        if (claims.getNotBeforeTime() != null && now.plus(LEEWAY).isBefore(claims.getNotBeforeTime().toInstant())) {
            throw new Unauthenticated("a ServiceAccount token not valid yet");
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(audience)) {
            throw new Unauthenticated("a ServiceAccount token for other audiences: " + claims.getAudience());
        }
        Object identity = claims.getClaim(PRIVATE_CLAIM);
        if (!(identity instanceof Map<?, ?> map) || !(map.get("serviceaccount") instanceof Map<?, ?> account)) {
            throw new Unauthenticated("a JWT without the kubernetes.io claim");
        }
        String namespace = String.valueOf(map.get("namespace"));
        for (String kind : List.of("pod", "secret")) {
            if (map.get(kind) instanceof Map<?, ?> bound) {
                return new Binding(namespace, String.valueOf(account.get("name")), String.valueOf(account.get("uid")),
                        kind.equals("pod") ? "Pod" : "Secret", String.valueOf(bound.get("name")), String.valueOf(bound.get("uid")));
            }
        }
        return new Binding(namespace, String.valueOf(account.get("name")), String.valueOf(account.get("uid")), null, null, null);
    }
}
