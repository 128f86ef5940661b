package dev.orchestrator.pki;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * JSON requests to the API server over TLS that trusts only the cluster CA, with either a client certificate (the
 * admin's, for {@code token create}) or a bearer token (a bootstrap token, for {@code join}).
 */
final class ApiConnection {

    static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: its HTTP status and body (a Kubernetes object or Status). */
    record Answer(int code, JsonNode body) {
        String message() {
            return body.path("message").asText(body.toString());
        }
    }

    private final HttpClient http;
    private final String server;
    private final String bearer;

    private ApiConnection(HttpClient http, String server, String bearer) {
        this.http = http;
        this.server = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        this.bearer = bearer;
    }

    static ApiConnection withCertificate(String server, X509Certificate ca, X509Certificate certificate, PrivateKey key)
            throws GeneralSecurityException, IOException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("client", key, new char[0], new Certificate[] {certificate});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, new char[0]);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), trusting(ca).getTrustManagers(), null);
        return new ApiConnection(client(tls), server, null);
    }

    /** The admin's connection from the PKI directory ({@code ca.crt}, {@code admin.crt}, {@code admin.key}). */
    static ApiConnection admin(String server, Path pkiDir) throws GeneralSecurityException, IOException {
        return withCertificate(server, PemFiles.readCertificate(pkiDir.resolve(CertificateAuthority.CERT_FILE)),
                PemFiles.readCertificate(pkiDir.resolve("admin.crt")), PemFiles.readKey(pkiDir.resolve("admin.key")));
    }

    static ApiConnection withToken(String server, X509Certificate ca, String token)
            throws GeneralSecurityException, IOException {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trusting(ca).getTrustManagers(), null);
        return new ApiConnection(client(tls), server, token);
    }

    private static TrustManagerFactory trusting(X509Certificate ca) throws GeneralSecurityException, IOException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("ca", ca);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        return trust;
    }

    private static HttpClient client(SSLContext tls) {
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
    }

    Answer get(String path) throws IOException {
        return send(request(path).GET());
    }

    Answer post(String path, JsonNode body) throws IOException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        return bearer == null ? b : b.header("Authorization", "Bearer " + bearer);
    }

    private Answer send(HttpRequest.Builder request) throws IOException {
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            byte[] body = response.body();
            JsonNode json;
            try {
                json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
            } catch (IOException e) {
                json = JSON.createObjectNode().put("message", new String(body, java.nio.charset.StandardCharsets.UTF_8));
            }
            return new Answer(response.statusCode(), json);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
