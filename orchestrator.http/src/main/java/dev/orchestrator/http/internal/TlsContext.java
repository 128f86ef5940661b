package dev.orchestrator.http.internal;

import dev.orchestrator.support.pem.PemFiles;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The API server's TLS: its serving certificate and key ({@code apiserver.crt}, {@code apiserver.key}, PEM, key in
 * PKCS#8) from the PKI directory, and client certificates asked for, not required. A client certificate is taken
 * at the handshake whatever signed it and checked by the API server's authentication against the client CA, as
 * Kubernetes does: a wrong or expired certificate is answered 401 with a Status, not with a broken handshake.
 * The CA ({@code ca.crt}) is named to clients as the accepted issuer, so kubectl offers a certificate of this CA.
 */
final class TlsContext {

    static final String SERVING_CERT = "apiserver.crt";
    static final String SERVING_KEY = "apiserver.key";
    static final String CLIENT_CA = "ca.crt";

    private TlsContext() {
    }

    static SSLContext load(Path pkiDir) throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = PemFiles.certificates(pkiDir.resolve(SERVING_CERT));
        PrivateKey key = PemFiles.privateKey(pkiDir.resolve(SERVING_KEY));
        X509Certificate[] clientCas = PemFiles.certificates(pkiDir.resolve(CLIENT_CA)).toArray(X509Certificate[]::new);
        chain = withIssuingCa(chain, clientCas);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = new char[0];
        store.setKeyEntry("apiserver", key, password, chain.toArray(Certificate[]::new));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), new TrustManager[] {new DeferredClientTrust(clientCas)}, null);
        return context;
    }

    /**
     * The serving chain with the CA that issued its leaf appended (when that CA is the cluster CA and not yet in it):
     * a joining node learns the CA from the handshake and checks it against the hash it was given
     * ({@code --discovery-token-ca-cert-hash}) before it sends its bootstrap token.
     */
    static List<X509Certificate> withIssuingCa(List<X509Certificate> chain, X509Certificate[] cas) {
        X509Certificate last = chain.get(chain.size() - 1);
        if (last.getIssuerX500Principal().equals(last.getSubjectX500Principal())) {
            return chain; // ends in a root already
        }
        for (X509Certificate ca : cas) {
            if (ca.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
                try {
                    last.verify(ca.getPublicKey());
                } catch (GeneralSecurityException e) {
                    continue; // another CA of the same name
                }
                List<X509Certificate> longer = new java.util.ArrayList<>(chain);
                longer.add(ca);
                return longer;
            }
        }
        return chain;
    }

    /** Takes any client certificate at the handshake (authentication checks it); never trusts a server. */
    private static final class DeferredClientTrust extends X509ExtendedTrustManager {

        private final X509Certificate[] acceptedIssuers;

        DeferredClientTrust(X509Certificate[] acceptedIssuers) {
            this.acceptedIssuers = acceptedIssuers;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("the API server's listener trusts no server");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws java.security.cert.CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws java.security.cert.CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return acceptedIssuers.clone();
        }
    }
}
