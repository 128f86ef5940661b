package dev.orchestrator.pki;

import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The CA of a joining node, as kubeadm pins it: {@code sha256:<hex>} of the CA certificate's SubjectPublicKeyInfo.
 * The node learns the CA from the API server's TLS handshake (the server sends its certificate and the cluster CA),
 * accepts it only when its hash is the one it was given and the server's certificate is signed by it, and only then
 * talks to the server (trusting that CA alone) and sends its token.
 */
final class CaPin {

    private CaPin() {
    }

    static String of(X509Certificate ca) throws GeneralSecurityException {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ca.getPublicKey().getEncoded()));
    }

    /**
     * The CA of the server at {@code server} whose hash is {@code pin}.
     *
     * @throws IOException when the server cannot be reached or offers no CA of that hash; nothing was sent to it
     */
    static X509Certificate discover(String server, String pin) throws IOException, GeneralSecurityException {
        String wanted = pin.toLowerCase();
        if (!wanted.matches("sha256:[0-9a-f]{64}")) {
            throw new IllegalArgumentException("--discovery-token-ca-cert-hash must be sha256:<64 hex digits>, not " + pin);
        }
        X509Certificate[] chain = handshake(server);
        for (X509Certificate candidate : chain) {
            if (!of(candidate).equals(wanted)) {
                continue;
            }
            try {
                chain[0].verify(candidate.getPublicKey());
            } catch (GeneralSecurityException e) {
                throw new IOException("the server's certificate is not signed by the CA of hash " + wanted);
            }
            return candidate;
        }
        throw new IOException("the server " + server + " offers no CA with the public key hash " + wanted
                + " (it offers " + chain.length + " certificate(s)): refusing to send it the token");
    }

    /** The certificates the server sends in its handshake; nothing else goes to it. */
    private static X509Certificate[] handshake(String server) throws IOException, GeneralSecurityException {
        URI uri = URI.create(server);
        AtomicReference<X509Certificate[]> seen = new AtomicReference<>();
        TrustManager recorder = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                seen.set(chain.clone()); // judged below against the pin, not here
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {recorder}, null);
        int port = uri.getPort() < 0 ? 443 : uri.getPort();
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket()) {
            socket.connect(new java.net.InetSocketAddress(uri.getHost(), port), 10_000);
            socket.setSoTimeout(10_000);
            socket.startHandshake();
        }
        if (seen.get() == null || seen.get().length == 0) {
            throw new IOException("the server " + server + " sent no certificate");
        }
        return seen.get();
    }
}
