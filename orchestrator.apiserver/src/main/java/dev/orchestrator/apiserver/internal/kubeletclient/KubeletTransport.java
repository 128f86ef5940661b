package dev.orchestrator.apiserver.internal.kubeletclient;

import dev.orchestrator.support.pem.PemFiles;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.SocketFactory;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the API server reaches kubelets (logs, exec, attach, port-forward, stats): plain HTTP on a cluster without
 * TLS (development), else HTTPS presenting the client certificate {@code apiserver-kubelet-client.crt} of the PKI
 * directory, whose user {@code kube-apiserver-kubelet-client} RBAC allows the kubelet API. A kubelet's serving
 * certificate signs itself, so it is not verified, as Kubernetes' API server does not verify it without
 * {@code --kubelet-certificate-authority}: the kubelet checks who calls, the connection is encrypted.
 */
public final class KubeletTransport {

    private static final Logger LOG = LoggerFactory.getLogger(KubeletTransport.class);
    public static final String CLIENT_CERTIFICATE = "apiserver-kubelet-client.crt";
    public static final String CLIENT_KEY = "apiserver-kubelet-client.key";

    private final SSLSocketFactory tls;

    private KubeletTransport(SSLSocketFactory tls) {
        this.tls = tls;
    }

    /** Plain HTTP: a server without TLS and authentication talks to kubelets that have none either. */
    public static KubeletTransport plain() {
        return new KubeletTransport(null);
    }

    /**
     * HTTPS with the client certificate of {@code pkiDir}; without one (a PKI directory made before it existed)
     * HTTPS without a certificate, which kubelets refuse with 401 until {@code ./orch up} issues it.
     */
    public static KubeletTransport secured(Path pkiDir) throws IOException {
        Path certificate = pkiDir.resolve(CLIENT_CERTIFICATE);
        Path key = pkiDir.resolve(CLIENT_KEY);
        try {
            KeyManager[] keys = null;
            if (Files.exists(certificate) && Files.exists(key)) {
                keys = keyManagers(PemFiles.certificates(certificate), PemFiles.privateKey(key));
            } else {
                LOG.warn("no {} in {}: kubelets will refuse the API server's requests for logs, exec and stats "
                        + "(./orch up issues it)", CLIENT_CERTIFICATE, pkiDir);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, new TrustManager[]{new SelfSignedKubelets()}, null);
            return new KubeletTransport(context.getSocketFactory());
        } catch (GeneralSecurityException e) {
            throw new IOException("the API server's kubelet client certificate in " + pkiDir + " cannot be used: "
                    + e.getMessage(), e);
        }
    }

    public String scheme() {
        return tls == null ? "http" : "https";
    }

    /** Sockets to kubelets, for tunnelled sessions (exec, attach, port-forward). */
    public SocketFactory sockets() {
        return tls == null ? SocketFactory.getDefault() : tls;
    }

    /** The URI of {@code pathAndQuery} (escaped) at a kubelet's {@code host:port}. */
    public URI uri(String authority, String pathAndQuery) {
        return URI.create(scheme() + "://" + authority + pathAndQuery);
    }

    /** A connection to {@code uri} (of this transport's scheme), not yet connected. */
    public HttpURLConnection open(URI uri) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        if (connection instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(tls);
            https.setHostnameVerifier((host, session) -> true); // see the class comment
        }
        return connection;
    }

    private static KeyManager[] keyManagers(List<X509Certificate> chain, PrivateKey key) throws GeneralSecurityException,
            IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = new char[0];
        store.setKeyEntry("kubelet-client", key, password, chain.toArray(X509Certificate[]::new));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        return factory.getKeyManagers();
    }

    /** Accepts the kubelets' self-signed serving certificates (see the class comment). */
    private static final class SelfSignedKubelets implements X509TrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("a client's trust manager");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // any kubelet certificate: not verifiable without a CA that issued it
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
