package dev.orchestrator.pki;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * {@code join}: a node's TLS bootstrap, as a kubelet does it with a bootstrap token. The node checks the server's CA
 * (against {@code --discovery-token-ca-cert-hash}, or trusts {@code --ca-cert}) before it sends anything, makes its
 * own key (RSA), asks with the token for a client certificate {@code CN=system:node:<name>, O=system:nodes} (a
 * CertificateSigningRequest for {@code kubernetes.io/kube-apiserver-client-kubelet}), waits until the control plane
 * approved and signed it, and writes its own kubeconfig (mode 0600). The token is needed only for this.
 */
final class JoinCommand {

    static final String SIGNER = "kubernetes.io/kube-apiserver-client-kubelet";
    private static final Pattern TOKEN = Pattern.compile("[a-z0-9]{6}\\.[a-z0-9]{16}");
    private static final String CSRS = "/apis/certificates.k8s.io/v1/certificatesigningrequests";

    private JoinCommand() {
    }

    /**
     * {@code join --server URL --token ID.SECRET (--discovery-token-ca-cert-hash sha256:HEX | --ca-cert FILE)
     * --node-name NAME --out KUBECONFIG [--timeout-seconds 120]}.
     */
    static void run(Arguments arguments) throws IOException, GeneralSecurityException {
        String server = arguments.required("server");
        String token = arguments.required("token");
        if (!TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException("--token must be a bootstrap token <6 of [a-z0-9]>.<16 of [a-z0-9]> "
                    + "(./orch token create prints one)");
        }
        String node = arguments.required("node-name");
        Path out = Path.of(arguments.required("out"));
        Duration timeout = Duration.ofSeconds(Long.parseLong(arguments.single("timeout-seconds", "120")));
        X509Certificate ca = trustedCa(arguments, server);
        ApiConnection api = ApiConnection.withToken(server, ca, token);

        KeyPair key = newKey();
        String name = "node-csr-" + HexFormat.of().formatHex(randomBytes());
        ObjectNode csr = ApiConnection.JSON.createObjectNode();
        csr.put("apiVersion", "certificates.k8s.io/v1").put("kind", "CertificateSigningRequest");
        csr.putObject("metadata").put("name", name);
        ObjectNode spec = csr.putObject("spec");
        spec.put("request", Base64.getEncoder().encodeToString(requestPem(key, node).getBytes(StandardCharsets.US_ASCII)));
        spec.put("signerName", SIGNER);
        spec.putArray("usages").add("digital signature").add("client auth");
        ApiConnection.Answer created = api.post(CSRS, csr);
        if (created.code() == 401) {
            throw new IOException("the API server refused the bootstrap token (401 Unauthorized): it is unknown, expired "
                    + "or wrong; make a new one on the control plane with ./orch token create");
        }
        if (created.code() != 201) {
            throw new IOException("the API server refused the certificate request (" + created.code() + "): "
                    + created.message());
        }
        System.err.println("asked for the client certificate of system:node:" + node + " (certificatesigningrequest "
                + name + "); waiting for its approval and signature");
        X509Certificate certificate = awaitCertificate(api, name, timeout);
        if (!certificate.getPublicKey().equals(key.getPublic())) {
            throw new IOException("the signed certificate is not for this node's key");
        }
        PemFiles.writeSecret(out, Kubeconfig.text(server, ca, "system:node:" + node, certificate, key.getPrivate()));
        System.err.println("joined: " + certificate.getSubjectX500Principal() + ", valid until "
                + certificate.getNotAfter().toInstant() + "; kubeconfig " + out);
    }

    private static X509Certificate trustedCa(Arguments arguments, String server) throws IOException, GeneralSecurityException {
        String file = arguments.single("ca-cert", "");
        if (!file.isEmpty()) {
            return PemFiles.readCertificate(Path.of(file));
        }
        String pin = arguments.single("discovery-token-ca-cert-hash", "");
        if (pin.isEmpty()) {
            throw new IllegalArgumentException("join needs --discovery-token-ca-cert-hash sha256:HEX (./orch token create "
                    + "prints it) or --ca-cert FILE, to know the server before sending it the token");
        }
        return CaPin.discover(server, pin);
    }

    private static X509Certificate awaitCertificate(ApiConnection api, String name, Duration timeout)
            throws IOException, GeneralSecurityException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            ApiConnection.Answer answer = api.get(CSRS + "/" + name);
            if (answer.code() != 200) {
                throw new IOException("cannot read the certificate request " + name + " (" + answer.code() + "): "
                        + answer.message());
            }
            JsonNode status = answer.body().path("status");
            for (JsonNode c : status.path("conditions")) {
                String type = c.path("type").asText();
                if ("Denied".equals(type) || "Failed".equals(type)) {
                    throw new IOException("the certificate request " + name + " was " + type.toLowerCase() + ": "
                            + c.path("reason").asText() + " " + c.path("message").asText());
                }
            }
            String certificate = status.path("certificate").asText("");
            if (!certificate.isEmpty()) {
                return (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(certificate)));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IOException("the certificate request " + name + " was not approved and signed within "
                        + timeout.toSeconds() + " s (kubectl get csr; kubectl certificate approve " + name + ")");
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[5];
        new java.security.SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /** RSA, as the cluster's other keys: every client of the kubeconfig reads an RSA PKCS#8 key (fabric8 reads EC ones as RSA). */
    private static KeyPair newKey() throws GeneralSecurityException {
        return CertificateAuthority.newKeyPair();
    }

    static String requestPem(KeyPair key, String node) throws IOException, GeneralSecurityException {
        try {
            PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(
                    new X500Principal("CN=system:node:" + node + ", O=system:nodes"), key.getPublic())
                    .build(new JcaContentSignerBuilder("RSA".equals(key.getPrivate().getAlgorithm()) ? "SHA256withRSA"
                            : "SHA256withECDSA").build(key.getPrivate()));
            StringWriter text = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
                writer.writeObject(request);
            }
            return text.toString();
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }
}
