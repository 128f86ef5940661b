package dev.orchestrator.bench.apiserver;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.net.http.HttpClient;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The benchmark client's TLS when the server runs as {@code ./orch up} starts it (environment {@code BENCH_PKI}: the
 * PKI directory): the cluster CA trusted, the client certificate {@code <BENCH_USER>.crt} presented (the admin's
 * unless {@code BENCH_USER} names another). Without it, plain HTTP.
 */
final class BenchTls {

    private BenchTls() {
    }

    static HttpClient.Builder configure(HttpClient.Builder builder) {
        String pki = System.getenv("BENCH_PKI");
        if (pki == null || pki.isBlank()) {
            return builder;
        }
        try {
            Path dir = Path.of(pki);
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", x509.generateCertificate(new ByteArrayInputStream(Files.readAllBytes(dir.resolve("ca.crt")))));
            String user = System.getenv().getOrDefault("BENCH_USER", "admin");
            String pem = Files.readString(dir.resolve(user + ".key"), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("admin", KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                    Base64.getDecoder().decode(pem))), new char[0], new Certificate[] {
                    x509.generateCertificate(new ByteArrayInputStream(Files.readAllBytes(dir.resolve(user + ".crt"))))});
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, new char[0]);
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return builder.sslContext(context);
        } catch (Exception e) {
            throw new IllegalStateException("BENCH_PKI=" + pki + " cannot be used: " + e, e);
        }
    }
}
