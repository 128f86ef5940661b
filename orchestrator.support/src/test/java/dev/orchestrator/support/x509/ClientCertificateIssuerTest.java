package dev.orchestrator.support.x509;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientCertificateIssuerTest {

    @TempDir
    Path dir;

    @Test
    void signsTheRequestOfANodeAsAClientCertificateOfTheCa() throws Exception {
        KeyStore store = caKeyStore();
        X509Certificate ca = (X509Certificate) store.getCertificate("ca");
        PrivateKey caKey = (PrivateKey) store.getKey("ca", "changeit".toCharArray());
        KeyPair node = ecKeyPair();
        byte[] pem = requestPem(node, "CN=system:node:worker-1,O=system:nodes");

        CertificateRequest request = CertificateRequest.parsePem(pem);
        assertEquals("system:node:worker-1", request.commonName());
        assertEquals(List.of("system:nodes"), request.organizations());

        Instant now = Instant.now();
        X509Certificate issued = new ClientCertificateIssuer(ca, caKey).issue(request,
                Set.of("digital signature", "client auth"), now, now.plus(Duration.ofDays(30)));
        issued.verify(ca.getPublicKey());
        issued.checkValidity();
        assertEquals(node.getPublic(), issued.getPublicKey());
        assertEquals(new X500Principal("CN=system:node:worker-1,O=system:nodes"), issued.getSubjectX500Principal());
        assertEquals(ca.getSubjectX500Principal(), issued.getIssuerX500Principal());
        assertEquals(List.of("1.3.6.1.5.5.7.3.2"), issued.getExtendedKeyUsage());
        assertTrue(issued.getKeyUsage()[0], "digital signature");
        assertEquals(-1, issued.getBasicConstraints(), "not a CA");
        assertTrue(ClientCertificateIssuer.pem(List.of(issued)).startsWith("-----BEGIN CERTIFICATE-----\n"));
    }

    @Test
    void refusesWhatIsNoRequestOrARequestWhoseSignatureDoesNotVerify() throws Exception {
        assertThrows(IllegalArgumentException.class,
                () -> CertificateRequest.parsePem("hello".getBytes(StandardCharsets.US_ASCII)));
        KeyPair node = ecKeyPair();
        String pem = new String(requestPem(node, "CN=a"), StandardCharsets.US_ASCII);
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        der[der.length - 3] ^= 1; // inside the signature
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CertificateRequest.parseDer(der));
        assertTrue(e.getMessage().contains("signature") || e.getMessage().contains("not a certificate request"),
                e.getMessage());
    }

    private static KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static byte[] requestPem(KeyPair key, String subject) throws Exception {
        return CertificateRequest.pem(key, new X500Principal(subject));
    }

    /** An RSA CA made by the JDK's keytool (the JDK has no certificate builder of its own). */
    private KeyStore caKeyStore() throws Exception {
        Path file = dir.resolve("ca.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=test-ca",
                "-ext", "bc:c", "-validity", "30", "-keystore", file.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit").redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, keytool.waitFor(), out);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, "changeit".toCharArray());
        }
        return store;
    }
}
