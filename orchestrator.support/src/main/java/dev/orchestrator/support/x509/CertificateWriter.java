package dev.orchestrator.support.x509;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Writes and signs one X.509 v3 certificate from its parts (names and public key as DER, validity, extensions), with
 * SHA-256 and the signing key's algorithm (RSA or EC), and has the JDK parse and verify the result. The issuers of
 * this package differ only in what they put in.
 */
final class CertificateWriter {

    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GENERALIZED_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private CertificateWriter() {
    }

    static X509Certificate sign(byte[] issuer, byte[] subject, byte[] subjectPublicKeyInfo, Instant notBefore,
                                Instant notAfter, List<byte[]> extensions, PrivateKey signingKey,
                                PublicKey verifyingKey) throws GeneralSecurityException {
        boolean rsa = "RSA".equals(signingKey.getAlgorithm());
        byte[] signatureAlgorithm = rsa ? Der.sequence(Der.oid("1.2.840.113549.1.1.11"), Der.element(Der.NULL))
                : Der.sequence(Der.oid("1.2.840.10045.4.3.2"));
        byte[] tbs = Der.sequence(
                Der.element(0xa0, Der.integer(BigInteger.TWO)),
                Der.integer(new BigInteger(127, RANDOM).add(BigInteger.ONE)),
                signatureAlgorithm,
                issuer,
                Der.sequence(time(notBefore), time(notAfter)),
                subject,
                subjectPublicKeyInfo,
                Der.element(0xa3, Der.sequence(extensions.toArray(byte[][]::new))));
        Signature signer = Signature.getInstance(rsa ? "SHA256withRSA" : "SHA256withECDSA");
        signer.initSign(signingKey);
        signer.update(tbs);
        byte[] der = Der.sequence(tbs, signatureAlgorithm, Der.bitString(signer.sign()));
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
        certificate.verify(verifyingKey);
        return certificate;
    }

    /** Key usage (critical): {@code bits} as the first byte of the KeyUsage BIT STRING (0x80 digital signature...). */
    static byte[] keyUsage(int bits) {
        int unused = Integer.numberOfTrailingZeros(bits);
        return Der.sequence(Der.oid("2.5.29.15"), Der.bool(true),
                Der.octetString(Der.element(Der.BIT_STRING, new byte[]{(byte) unused, (byte) bits})));
    }

    /** Extended key usage with one purpose (an OID such as client auth 1.3.6.1.5.5.7.3.2). */
    static byte[] extendedKeyUsage(String purpose) {
        return Der.sequence(Der.oid("2.5.29.37"), Der.octetString(Der.sequence(Der.oid(purpose))));
    }

    /** Basic constraints (critical): not a CA. */
    static byte[] notCa() {
        return Der.sequence(Der.oid("2.5.29.19"), Der.bool(true), Der.octetString(Der.sequence()));
    }

    private static byte[] time(Instant instant) {
        boolean utc = instant.isBefore(Instant.parse("2050-01-01T00:00:00Z"));
        String text = (utc ? UTC_TIME : GENERALIZED_TIME).format(instant);
        return Der.element(utc ? Der.UTC_TIME : Der.GENERALIZED_TIME, text.getBytes(StandardCharsets.US_ASCII));
    }
}
