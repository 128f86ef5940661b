package dev.orchestrator.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The cluster's certificate authority: one self-signed RSA certificate and key ({@code ca.crt}, {@code ca.key}
 * in the PKI directory) that signs the API server's serving certificate and every client certificate. Made
 * once; later runs load it, so certificates issued before stay valid.
 */
final class CertificateAuthority {

    static final String CERT_FILE = "ca.crt";
    static final String KEY_FILE = "ca.key";
    private static final Duration VALIDITY = Duration.ofDays(3650);
    /** Clock skew between machines: a certificate is valid from a little before it was made. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final PrivateKey key;

    private CertificateAuthority(X509Certificate certificate, PrivateKey key) {
        this.certificate = certificate;
        this.key = key;
    }

    X509Certificate certificate() {
        return certificate;
    }

    /** Loads the CA of {@code dir}, or makes one when there is none. Half a CA (a certificate without its key) is an error. */
    static CertificateAuthority loadOrCreate(Path dir, String name) throws IOException, GeneralSecurityException {
        Path certFile = dir.resolve(CERT_FILE);
        Path keyFile = dir.resolve(KEY_FILE);
        if (Files.exists(certFile) || Files.exists(keyFile)) {
            if (!Files.exists(certFile) || !Files.exists(keyFile)) {
                throw new IOException("the CA in " + dir + " is incomplete: " + CERT_FILE + " and " + KEY_FILE
                        + " must both exist (restore the missing one, or remove both to make a new CA and new certificates)");
            }
            X509Certificate certificate = PemFiles.readCertificate(certFile);
            PrivateKey key = PemFiles.readKey(keyFile);
            CertificateAuthority ca = new CertificateAuthority(certificate, key);
            ca.requireKeyMatches();
            return ca;
        }
        KeyPair pair = newKeyPair();
        X500Name subject = name(name, List.of());
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minus(BACKDATE)),
                Date.from(now.plus(VALIDITY)), subject, pair.getPublic());
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
        builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(pair.getPublic()));
        X509Certificate certificate = sign(builder, pair.getPrivate());
        PemFiles.writeKey(keyFile, pair.getPrivate());
        PemFiles.writeCertificate(certFile, certificate);
        return new CertificateAuthority(certificate, pair.getPrivate());
    }

    /** A new key pair and a certificate for it, signed by this CA. */
    IssuedCertificate issue(CertificateProfile profile) throws GeneralSecurityException, IOException {
        KeyPair pair = newKeyPair();
        Instant now = Instant.now();
        Instant notAfter = now.plus(profile.validity());
        if (notAfter.isAfter(certificate.getNotAfter().toInstant())) {
            notAfter = certificate.getNotAfter().toInstant(); // never outlive the signer
        }
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
                Date.from(now.minus(BACKDATE)), Date.from(notAfter), name(profile.commonName(), profile.organizations()),
                pair.getPublic());
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                profile.usage() == CertificateProfile.Usage.SERVER ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
        builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(certificate));
        builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(pair.getPublic()));
        List<GeneralName> alternatives = new ArrayList<>();
        profile.dnsNames().forEach(n -> alternatives.add(new GeneralName(GeneralName.dNSName, n)));
        profile.ipAddresses().forEach(ip -> alternatives.add(new GeneralName(GeneralName.iPAddress, ip)));
        if (!alternatives.isEmpty()) {
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(alternatives.toArray(GeneralName[]::new)));
        }
        return new IssuedCertificate(sign(builder, key), pair.getPrivate());
    }

    /** Whether {@code candidate} was signed by this CA (a new CA makes every older certificate stale). */
    boolean signed(X509Certificate candidate) {
        try {
            candidate.verify(certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private void requireKeyMatches() throws GeneralSecurityException, IOException {
        byte[] probe = "orchestrator-ca-key-check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.security.Signature signer = java.security.Signature.getInstance("SHA256withRSA");
        signer.initSign(key);
        signer.update(probe);
        byte[] signature = signer.sign();
        java.security.Signature verifier = java.security.Signature.getInstance("SHA256withRSA");
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(probe);
        if (!verifier.verify(signature)) {
            throw new IOException("the CA key " + KEY_FILE + " does not belong to the CA certificate " + CERT_FILE);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign: " + e.getMessage(), e);
        }
    }

    /** The subject a certificate for {@code profile} gets. */
    static X500Principal subjectOf(CertificateProfile profile) throws IOException {
        return new X500Principal(name(profile.commonName(), profile.organizations()).getEncoded());
    }

    private static X500Name name(String commonName, List<String> organizations) {
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
        organizations.forEach(o -> name.addRDN(BCStyle.O, o));
        return name.addRDN(BCStyle.CN, commonName).build();
    }

    /** A positive serial of at most 20 bytes, as RFC 5280 asks (Go's TLS refuses others). */
    private static BigInteger serial() {
        return new BigInteger(159, RANDOM).add(BigInteger.ONE);
    }

    static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, RANDOM);
        return generator.generateKeyPair();
    }

    record IssuedCertificate(X509Certificate certificate, PrivateKey key) {
    }
}
