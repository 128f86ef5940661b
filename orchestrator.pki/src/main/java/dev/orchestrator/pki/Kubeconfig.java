package dev.orchestrator.pki;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;

/** A kubeconfig with one cluster, one user and one context, the certificates and key embedded as data. */
final class Kubeconfig {

    private Kubeconfig() {
    }

    static String text(String server, X509Certificate ca, String user, X509Certificate certificate, PrivateKey key) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: orchestrator
                  cluster:
                    server: %s
                    certificate-authority-data: %s
                contexts:
                - name: %s@orchestrator
                  context:
                    cluster: orchestrator
                    user: %s
                    namespace: default
                current-context: %s@orchestrator
                users:
                - name: %s
                  user:
                    client-certificate-data: %s
                    client-key-data: %s
                """.formatted(server, base64(PemFiles.pem(ca)), user, user, user, user,
                base64(PemFiles.pem(certificate)), base64(PemFiles.pem(key)));
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }
}
