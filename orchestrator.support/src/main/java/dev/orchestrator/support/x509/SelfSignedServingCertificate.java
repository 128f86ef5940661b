package dev.orchestrator.support.x509;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * A serving certificate that signs itself, as a kubelet makes one when no CA issues it one: a new P-256 key, the
 * common name {@code <host>@<seconds>} (Kubernetes' form), the given IP addresses and DNS names as subject
 * alternative names, extended usage server auth. Nobody can verify it against a CA; it gives the connection its
 * encryption, while the clients prove who they are.
 */
public final class SelfSignedServingCertificate {

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

    private SelfSignedServingCertificate() {
    }

    /** The key and its certificate, valid from a minute ago for {@code validity}. */
    public record Issued(KeyPair key, X509Certificate certificate) {
    }

    public static Issued create(String host, List<String> addresses, List<String> dnsNames, Duration validity)
            throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = generator.generateKeyPair();
        Instant now = Instant.now();
        byte[] subject = new X500Principal("CN=" + host + "@" + now.getEpochSecond()).getEncoded();
        List<byte[]> extensions = new ArrayList<>();
        extensions.add(CertificateWriter.keyUsage(0x80 | 0x20));
        extensions.add(CertificateWriter.extendedKeyUsage(SERVER_AUTH));
        extensions.add(CertificateWriter.notCa());
        extensions.add(subjectAlternativeNames(addresses, dnsNames));
        X509Certificate certificate = CertificateWriter.sign(subject, subject, key.getPublic().getEncoded(),
                now.minus(Duration.ofMinutes(1)), now.plus(validity), extensions, key.getPrivate(), key.getPublic());
        return new Issued(key, certificate);
    }

    private static byte[] subjectAlternativeNames(List<String> addresses, List<String> dnsNames) {
        List<byte[]> names = new ArrayList<>();
        for (String name : dnsNames) {
            names.add(Der.element(0x82, name.getBytes(StandardCharsets.US_ASCII)));
        }
        for (String address : addresses) {
            try {
                names.add(Der.element(0x87, InetAddress.getByName(address).getAddress()));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IP address: " + address, e);
            }
        }
        return Der.sequence(Der.oid("2.5.29.17"), Der.octetString(Der.sequence(names.toArray(byte[][]::new))));
    }
}
