package dev.orchestrator.support.x509;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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

    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GENERALIZED_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private final X509Certificate ca;
    private final PrivateKey caKey;
    private final SecureRandom random = new SecureRandom();

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
        boolean rsa = "RSA".equals(caKey.getAlgorithm());
        String algorithm = rsa ? "SHA256withRSA" : "SHA256withECDSA";
        byte[] signatureAlgorithm = rsa ? Der.sequence(Der.oid("1.2.840.113549.1.1.11"), Der.element(Der.NULL))
                : Der.sequence(Der.oid("1.2.840.10045.4.3.2"));
        byte[] tbs = Der.sequence(
                Der.element(0xa0, Der.integer(BigInteger.TWO)),
                Der.integer(new BigInteger(127, random).add(BigInteger.ONE)),
                signatureAlgorithm,
                ca.getSubjectX500Principal().getEncoded(),
                Der.sequence(time(notBefore), time(end)),
                request.subject(),
                request.subjectPublicKeyInfo(),
                Der.element(0xa3, Der.sequence(extensions(usages).toArray(byte[][]::new))));
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(caKey);
        signer.update(tbs);
        byte[] der = Der.sequence(tbs, signatureAlgorithm, Der.bitString(signer.sign()));
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
        certificate.verify(ca.getPublicKey());
        return certificate;
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
            int unused = Integer.numberOfTrailingZeros(bits);
            extensions.add(Der.sequence(Der.oid("2.5.29.15"), Der.bool(true),
                    Der.octetString(Der.element(Der.BIT_STRING, new byte[]{(byte) unused, (byte) bits}))));
        }
        if (usages.contains("client auth")) {
            extensions.add(Der.sequence(Der.oid("2.5.29.37"), Der.octetString(Der.sequence(Der.oid(CLIENT_AUTH)))));
        }
        extensions.add(Der.sequence(Der.oid("2.5.29.19"), Der.bool(true), Der.octetString(Der.sequence())));
        byte[] subjectKeyId = ca.getExtensionValue("2.5.29.14");
        if (subjectKeyId != null) {
            // getExtensionValue wraps the extension's OCTET STRING (itself an OCTET STRING of the key id)
            byte[] keyId = Der.readWhole(Der.readWhole(subjectKeyId).content()).content();
            extensions.add(Der.sequence(Der.oid("2.5.29.35"), Der.octetString(Der.sequence(Der.element(0x80, keyId)))));
        }
        return extensions;
    }

    private static byte[] time(Instant instant) {
        boolean utc = instant.isBefore(Instant.parse("2050-01-01T00:00:00Z"));
        String text = (utc ? UTC_TIME : GENERALIZED_TIME).format(instant);
        return Der.element(utc ? Der.UTC_TIME : Der.GENERALIZED_TIME, text.getBytes(StandardCharsets.US_ASCII));
    }
}
