package dev.orchestrator.support.pem;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * The PEM files the PKI tool writes, read with the JDK alone: certificates, and unencrypted PKCS#8 keys
 * ({@code -----BEGIN PRIVATE KEY-----}, RSA or EC). Shared privately by the listener (its serving certificate) and
 * the API server (the client CA, the ServiceAccount signing key).
 */
public final class PemFiles {

    private static final String BEGIN_KEY = "-----BEGIN PRIVATE KEY-----";
    private static final String END_KEY = "-----END PRIVATE KEY-----";

    private PemFiles() {
    }

    public static List<X509Certificate> certificates(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IOException("cannot read " + file);
        }
        List<X509Certificate> certificates;
        try {
            certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file)))
                    .stream().map(X509Certificate.class::cast).toList();
        } catch (GeneralSecurityException e) {
            throw new IOException(file + " holds no readable certificate: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IOException(file + " holds no PEM certificate");
        }
        return certificates;
    }

    public static PrivateKey privateKey(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IOException("cannot read " + file);
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        int begin = text.indexOf(BEGIN_KEY);
        int end = text.indexOf(END_KEY);
        if (begin < 0 || end < begin) {
            throw new IOException(file + " holds no unencrypted PKCS#8 key (" + BEGIN_KEY + "); convert it with: "
                    + "openssl pkcs8 -topk8 -nocrypt -in OLD -out " + file);
        }
        PKCS8EncodedKeySpec spec;
        try {
            spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(text.substring(begin + BEGIN_KEY.length(), end)));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " holds a key that is not base64: " + e.getMessage(), e);
        }
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // the other algorithm
            }
        }
        throw new IOException(file + " holds a key that is neither RSA nor EC");
    }
}
