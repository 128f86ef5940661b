package dev.orchestrator.kubelet.internal;

import dev.orchestrator.support.x509.SelfSignedServingCertificate;
import io.fabric8.kubernetes.client.Config;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The TLS of the kubelet's endpoint on a cluster with TLS: each listener serves a certificate it signs itself for its
 * node address (as Kubernetes' kubelet makes one when no CA issues it), made at start and kept in memory only, and
 * asks callers for a client certificate, which the handshake verifies against the cluster CA — the CA the kubelet's
 * own API connection trusts. A caller without a certificate may still send a bearer token.
 */
final class KubeletTls {

    private static final Duration SERVING_VALIDITY = Duration.ofDays(365);

    private final KeyStore clientCas;

    private KubeletTls(KeyStore clientCas) {
        this.clientCas = clientCas;
    }

    /** The TLS of a kubelet whose API client trusts a CA (a cluster with TLS); empty for a plain-HTTP cluster. */
    static Optional<KubeletTls> of(Config api) throws IOException, GeneralSecurityException {
        byte[] pem = null;
        if (api.getCaCertData() != null && !api.getCaCertData().isBlank()) {
            pem = Base64.getMimeDecoder().decode(api.getCaCertData());
        } else if (api.getCaCertFile() != null && !api.getCaCertFile().isBlank()) {
            pem = Files.readAllBytes(Path.of(api.getCaCertFile()));
        }
        if (pem == null || api.getMasterUrl() == null || !api.getMasterUrl().startsWith("https:")) {
            return Optional.empty();
        }
        Collection<? extends Certificate> cas = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem));
        if (cas.isEmpty()) {
            throw new IOException("the API client's CA holds no certificate");
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (Certificate ca : cas) {
            store.setCertificateEntry("ca-" + i++, ca);
        }
        return Optional.of(new KubeletTls(store));
    }

    /** A server TLS context for a listener on {@code address} of node {@code nodeName}. */
    SslContextFactory.Server forAddress(String nodeName, String address) throws GeneralSecurityException, IOException {
        SelfSignedServingCertificate.Issued serving = SelfSignedServingCertificate.create(nodeName, List.of(address),
                List.of(nodeName), SERVING_VALIDITY);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        char[] password = new char[0];
        keys.setKeyEntry("kubelet", serving.key().getPrivate(), password, new Certificate[]{serving.certificate()});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(clientCas);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), null);
        SslContextFactory.Server factory = new SslContextFactory.Server();
        factory.setSslContext(context);
        factory.setWantClientAuth(true);
        factory.setSniRequired(false);
        return factory;
    }
}
