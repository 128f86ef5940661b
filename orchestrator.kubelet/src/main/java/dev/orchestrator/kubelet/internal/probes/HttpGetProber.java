package dev.orchestrator.kubelet.internal.probes;

import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * httpGet: one HTTP/1.1 GET on a fresh connection (Connection: close, as Kubernetes probes do)
 * with the probe's headers; a status from 200 to 399 is success. Plain blocking sockets with the
 * probe's timeout for connect and read, on the probe pool: no client thread, no pooled connection
 * that could outlive the container. HTTPS is spoken without verifying the certificate, as
 * Kubernetes does. Redirects are not followed (a 3xx counts as success, which is what Kubernetes
 * concludes for redirects to another host).
 */
final class HttpGetProber implements Prober {

    static final String USER_AGENT = "kube-probe/1.32";

    /** Made at the first HTTPS probe: a thousand hollow kubelets need none. */
    private SSLSocketFactory tls;

    @Override
    public ProbeResult probe(Probe probe, ProbeTarget target, Duration timeout) {
        HTTPGetAction get = probe.getHttpGet();
        NetworkTargets.Endpoint to;
        try {
            to = NetworkTargets.endpoint(get.getPort(), get.getHost(), target);
        } catch (NetworkTargets.Unresolved e) {
            return ProbeResult.error(e.getMessage());
        }
        boolean https = "HTTPS".equalsIgnoreCase(get.getScheme());
        String path = get.getPath() == null || get.getPath().isEmpty() ? "/"
                : get.getPath().startsWith("/") ? get.getPath() : "/" + get.getPath();
        String hostPort = NetworkTargets.hostPort(to.host(), to.port());
        String url = (https ? "https://" : "http://") + hostPort + path;
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket socket = new Socket()) {
            try {
                socket.connect(new InetSocketAddress(to.host(), to.port()), NetworkTargets.millis(timeout));
            } catch (IOException e) {
                return ProbeResult.failure("Get \"" + url + "\": " + TcpSocketProber.dialError(to.host(), to.port(), e));
            }
            Socket s = https ? tls().createSocket(socket, to.host(), to.port(), true) : socket;
            s.setSoTimeout(NetworkTargets.millis(Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))));
            send(s.getOutputStream(), path, hostPort, get);
            int status = statusCode(s.getInputStream(), url);
            if (status >= 200 && status < 400) {
                return ProbeResult.success();
            }
            return ProbeResult.failure("HTTP probe failed with statuscode: " + status);
        } catch (SocketTimeoutException e) {
            return ProbeResult.failure("Get \"" + url
                    + "\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
        } catch (IOException e) {
            return ProbeResult.failure("Get \"" + url + "\": " + e.getMessage());
        }
    }

    /** The probe's headers as given; Host, User-Agent and Accept have defaults that a probe header replaces. */
    private static void send(OutputStream out, String path, String hostPort, HTTPGetAction get) throws IOException {
        List<String> lines = new ArrayList<>();
        Set<String> given = new HashSet<>();
        for (HTTPHeader h : get.getHttpHeaders()) {
            String name = h.getName() == null ? "" : h.getName().trim();
            String value = h.getValue() == null ? "" : h.getValue();
            if (!name.isEmpty() && (name + value).chars().noneMatch(c -> c == '\r' || c == '\n')) {
                lines.add(name + ": " + value);
                given.add(name.toLowerCase(Locale.ROOT));
            }
        }
        StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\n");
        Map.of("host", "Host: " + hostPort, "user-agent", "User-Agent: " + USER_AGENT, "accept", "Accept: */*")
                .forEach((name, line) -> {
                    if (!given.contains(name)) {
                        request.append(line).append("\r\n");
                    }
                });
        lines.forEach(line -> request.append(line).append("\r\n"));
        request.append("Connection: close\r\n\r\n");
        out.write(request.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The status code of the response's status line ("HTTP/1.1 200 OK"). */
    private static int statusCode(InputStream in, String url) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != -1 && b != '\n' && line.length() < 1024) {
            line.append((char) b);
        }
        String[] parts = line.toString().trim().split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException(line.length() == 0 ? "EOF" : "malformed HTTP response \"" + line.toString().trim() + "\"");
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("malformed HTTP status code \"" + parts[1] + "\"");
        }
    }

    private synchronized SSLSocketFactory tls() {
        if (tls == null) {
            tls = trustingTls();
        }
        return tls;
    }

    /** Probes do not verify certificates (Kubernetes sets InsecureSkipVerify for them). */
    private static SSLSocketFactory trustingTls() {
        TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustAll}, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JVM", e);
        }
    }
}
