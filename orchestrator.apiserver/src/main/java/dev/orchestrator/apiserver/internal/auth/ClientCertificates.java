package dev.orchestrator.apiserver.internal.auth;

import dev.orchestrator.support.x509.CertificateSubject;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * x509 client certificates: a chain that leads to the client CA, valid now and meant for client authentication,
 * names the user in its subject's common name and the groups in its organizations, as Kubernetes reads them.
 * A verified certificate is remembered until it expires, so a connection's many requests cost one verification.
 */
final class ClientCertificates {

    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_USAGE = "2.5.29.37.0";
    private static final int REMEMBERED = 4096;

    private final Set<TrustAnchor> anchors = new HashSet<>();
    private final Map<ByteBuffer, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(UserInfo user, Date notAfter) {
    }

    ClientCertificates(List<X509Certificate> clientCas) {
        clientCas.forEach(ca -> anchors.add(new TrustAnchor(ca, null)));
    }

    /** The user a presented chain (leaf first) names; {@link Unauthenticated} when it does not prove one. */
    UserInfo authenticate(X509Certificate[] chain) {
        X509Certificate leaf = chain[0];
        ByteBuffer key = ByteBuffer.wrap(encoded(leaf));
        Verified known = verified.get(key);
        Date now = new Date();
        if (known != null && now.before(known.notAfter())) {
            return known.user();
        }
        verify(chain, now);
        UserInfo user = userOf(leaf);
        if (verified.size() >= REMEMBERED) {
            verified.clear();
        }
        verified.put(key, new Verified(user, leaf.getNotAfter()));
        return user;
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new Unauthenticated("the client certificate cannot be encoded");
        }
    }

    private void verify(X509Certificate[] chain, Date now) {
        List<X509Certificate> path = new ArrayList<>(Arrays.asList(chain));
        path.removeIf(c -> anchors.stream().anyMatch(a -> a.getTrustedCert().equals(c))); // the CA itself, if sent
        if (path.isEmpty()) {
            throw new Unauthenticated("the client certificate is the CA's own");
        }
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(now);
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
            List<String> usages = path.get(0).getExtendedKeyUsage();
            if (usages != null && !usages.contains(CLIENT_AUTH) && !usages.contains(ANY_USAGE)) {
                throw new Unauthenticated("the client certificate is not for client authentication");
            }
        } catch (GeneralSecurityException e) {
            throw new Unauthenticated("the client certificate does not verify: " + e.getMessage());
        }
    }

    private static UserInfo userOf(X509Certificate leaf) {
        CertificateSubject subject;
        try {
            subject = CertificateSubject.of(leaf);
        } catch (IllegalArgumentException e) {
            throw new Unauthenticated("the client certificate's subject cannot be read");
        }
        if (subject.commonName() == null) {
            throw new Unauthenticated("the client certificate names no user (no common name)");
        }
        List<String> groups = new ArrayList<>(subject.organizations());
        groups.add(UserInfo.AUTHENTICATED);
        return new UserInfo(subject.commonName(), "", groups, Map.of());
    }
}
