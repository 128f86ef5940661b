package dev.orchestrator.support.x509;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Signs client certificates with a CA's key: the subject and public key of a {@link CertificateRequest}, the
 * key usages asked for (digital signature, key encipherment) and the extended usage client auth, not a CA, the
 * authority key identifier of the CA. What Kubernetes' signer of {@code kubernetes.io/kube-apiserver-client-kubelet}
 * issues, written with the JDK alone (the signing itself is the JDK's).
 */
public final class ClientCertificateIssuer {

    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private final X509Certificate ca;
    private final PrivateKey caKey;

    public ClientCertificateIssuer(X509Certificate ca, PrivateKey caKey) {
        this.ca = ca;
        this.caKey = caKey;
    }

    /**
     * A certificate for {@code request}, valid from {@code notBefore} to {@code notAfter} (cut at the CA's own end).
     *
     * @param usages Kubernetes' names: {@code digital signature}, {@code key encipherment}, {@code client auth}
     */
    public X509Certificate issue(CertificateRequest request, Set<String> usages, Instant notBefore, Instant notAfter)
            throws GeneralSecurityException {
        Instant end = notAfter.isAfter(ca.getNotAfter().toInstant()) ? ca.getNotAfter().toInstant() : notAfter;
        return CertificateWriter.sign(ca.getSubjectX500Principal().getEncoded(), request.subject(),
                request.subjectPublicKeyInfo(), notBefore, end, extensions(usages), caKey, ca.getPublicKey());
    }

    /** The PEM form of certificates, as {@code status.certificate} and kubeconfigs hold them. */
    public static String pem(List<X509Certificate> certificates) throws GeneralSecurityException {
        StringBuilder out = new StringBuilder();
        Base64.Encoder encoder = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        for (X509Certificate c : certificates) {
            out.append("-----BEGIN CERTIFICATE-----\n").append(encoder.encodeToString(c.getEncoded()))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        return out.toString();
    }

    private List<byte[]> extensions(Set<String> usages) {
        List<byte[]> extensions = new ArrayList<>();
        int bits = 0;
        if (usages.contains("digital signature")) {
            bits |= 0x80;
        }
        if (usages.contains("key encipherment")) {
            bits |= 0x20;
        }
        if (bits != 0) {
            extensions.add(CertificateWriter.keyUsage(bits));
        }
        if (usages.contains("client auth")) {
            extensions.add(CertificateWriter.extendedKeyUsage(CLIENT_AUTH));
        }
        extensions.add(CertificateWriter.notCa());
        byte[] subjectKeyId = ca.getExtensionValue("2.5.29.14");
        if (subjectKeyId != null) {
            // getExtensionValue wraps the extension's OCTET STRING (itself an OCTET STRING of the key id)
            byte[] keyId = Der.readWhole(Der.readWhole(subjectKeyId).content()).content();
            extensions.add(Der.sequence(Der.oid("2.5.29.35"), Der.octetString(Der.sequence(Der.element(0x80, keyId)))));
        }
        return extensions;
    }
}
