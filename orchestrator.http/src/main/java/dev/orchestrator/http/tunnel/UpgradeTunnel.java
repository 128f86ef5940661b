package dev.orchestrator.http.tunnel;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Sends one request on to a backend over plain HTTP/1.1 and relays the answer. When the request asks to
 * switch protocols and the backend answers {@code 101}, the client gets the same {@code 101} and from then
 * on every byte either side sends reaches the other (through {@link TunnelConnection}) until one side
 * closes. Any other answer (an error Status, a redirect) is relayed as it is, unless the tunnel was made
 * with {@link #refusedAs} to answer a refused upgrade in the caller's own words. Only Jetty 12 can do this
 * (servlet upgrades are not implemented there; the tunnel takes the connection through Jetty's own API).
 * Instances are immutable and may serve many requests at once.
 */
public final class UpgradeTunnel {

    /**
     * Headers that describe the client's hop only and are not sent on; credentials among them, as the
     * backend trusts the proxy that calls it, not the client behind it.
     */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "transfer-encoding",
            "keep-alive", "proxy-connection", "te", "trailer", "expect", "authorization", "proxy-authorization",
            "cookie");
    /** Headers of the backend's answer that the proxy's own server writes itself (relaying them doubles them). */
    private static final Set<String> NOT_RELAYED = Set.of("date", "server");
    private static final int MAX_HEAD_BYTES = 64 * 1024;
    /** How much of a refusal's body is read to explain it. */
    private static final int MAX_REFUSAL_BYTES = 16 * 1024;

    /**
     * A backend's answer other than {@code 101} to a request that asked to switch protocols.
     *
     * @param status the HTTP status code
     * @param reason the reason phrase of the status line (may be empty)
     * @param contentType the body's content type, empty when not given
     * @param body the start of the body (at most 16 KiB), as UTF-8 text
     */
    public record Refusal(int status, String reason, String contentType, String body) {
    }

    private final Duration connectTimeout;
    private final Duration idleTimeout;
    private final Function<Refusal, ? extends RuntimeException> refusals;
    private final SocketFactory sockets;

    /**
     * @param connectTimeout how long to wait for the backend to accept and answer the request
     * @param idleTimeout how long an upgraded connection may stay silent both ways (Kubernetes' streaming
     *        connections default to four hours)
     */
    public UpgradeTunnel(Duration connectTimeout, Duration idleTimeout) {
        this(connectTimeout, idleTimeout, null, SocketFactory.getDefault());
    }

    private UpgradeTunnel(Duration connectTimeout, Duration idleTimeout,
                          Function<Refusal, ? extends RuntimeException> refusals, SocketFactory sockets) {
        this.connectTimeout = connectTimeout;
        this.idleTimeout = idleTimeout;
        this.refusals = refusals;
        this.sockets = sockets;
    }

    /**
     * The same tunnel to backends reached through {@code sockets}: an {@code SSLSocketFactory} makes it tunnel to
     * {@code https} backends (with whatever client certificate and trust the factory holds).
     */
    public UpgradeTunnel over(SocketFactory sockets) {
        return new UpgradeTunnel(connectTimeout, idleTimeout, refusals, Objects.requireNonNull(sockets));
    }

    /**
     * The same tunnel, except that a backend's refusal of an upgrade (any answer but {@code 101} to a request
     * that asked to switch protocols) is not relayed: {@code proxy} throws what {@code translate} makes of it,
     * before anything was sent to the client, so that the caller answers in its own words (a client that
     * falls back to another protocol on a refused upgrade still does).
     */
    public UpgradeTunnel refusedAs(Function<Refusal, ? extends RuntimeException> translate) {
        return new UpgradeTunnel(connectTimeout, idleTimeout, Objects.requireNonNull(translate), sockets);
    }

    /** Whether the request asks to switch protocols ({@code Connection: Upgrade} and an {@code Upgrade} header). */
    public static boolean isUpgrade(HttpServletRequest request) {
        String upgrade = request.getHeader("Upgrade");
        return upgrade != null && !upgrade.isBlank() && Collections.list(request.getHeaders("Connection")).stream()
                .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("upgrade"));
    }

    /** Whether a Jetty request asks to switch protocols (see {@link #isUpgrade(HttpServletRequest)}). */
    public static boolean isUpgrade(Request request) {
        String upgrade = request.getHeaders().get(HttpHeader.UPGRADE);
        return upgrade != null && !upgrade.isBlank() && request.getHeaders().getValuesList(HttpHeader.CONNECTION)
                .stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("upgrade"));
    }

    /**
     * Sends {@code request} (its method and headers; no body, as streaming requests have none) to
     * {@code target} (scheme http; its path and query replace the request's) and relays the answer.
     *
     * @param extraHeaders headers to add or replace on the way (e.g. who the client is)
     * @throws IOException when the backend cannot be reached or answers something that is not HTTP; nothing
     *         has been sent to the client then, so the caller can still answer with a Status
     * @throws RuntimeException what {@link #refusedAs} makes of a refused upgrade
     */
    public void proxy(HttpServletRequest request, HttpServletResponse response, URI target,
                      Map<String, String> extraHeaders) throws IOException {
        List<Header> headers = new ArrayList<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            Collections.list(request.getHeaders(name)).forEach(v -> headers.add(new Header(name, v)));
        }
        try (Exchange exchange = exchange(request.getMethod(), headers, target, extraHeaders)) {
            translateRefusal(isUpgrade(request), exchange);
            response.setStatus(exchange.head.status());
            exchange.head.relayed().forEach(h -> response.addHeader(h.name(), h.value()));
            if (exchange.head.status() == 101) {
                // Jetty switches the connection over once the 101 is written
                request.setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE, exchange.handOver(
                        ServletContextRequest.getServletContextRequest(request).getConnectionMetaData()));
                return;
            }
            String length = exchange.head.header("Content-Length");
            if (length != null) {
                response.setContentLengthLong(Long.parseLong(length.trim()));
            }
            relayBody(exchange.head, exchange.fromBackend, response.getOutputStream());
        }
    }

    /** The same for a request to a Jetty core handler; completes {@code callback} unless it throws. */
    public void proxy(Request request, Response response, Callback callback, URI target,
                      Map<String, String> extraHeaders) throws IOException {
        List<Header> headers = new ArrayList<>();
        request.getHeaders().forEach(f -> headers.add(new Header(f.getName(), f.getValue())));
        try (Exchange exchange = exchange(request.getMethod(), headers, target, extraHeaders)) {
            translateRefusal(isUpgrade(request), exchange);
            response.setStatus(exchange.head.status());
            exchange.head.relayed().forEach(h -> response.getHeaders().add(h.name(), h.value()));
            if (exchange.head.status() == 101) {
                request.setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE,
                        exchange.handOver(request.getConnectionMetaData()));
                callback.succeeded();
                return;
            }
            String length = exchange.head.header("Content-Length");
            if (length != null) {
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Long.parseLong(length.trim()));
            }
            try (OutputStream out = Content.Sink.asOutputStream(response)) {
                relayBody(exchange.head, exchange.fromBackend, out);
            } catch (IOException e) {
                callback.failed(e);
                return;
            }
            callback.succeeded();
        }
    }

    private void translateRefusal(boolean upgrade, Exchange exchange) {
        if (refusals == null || !upgrade || exchange.head.status() == 101) {
            return;
        }
        BoundedBuffer body = new BoundedBuffer(MAX_REFUSAL_BYTES);
        try {
            relayBody(exchange.head, exchange.fromBackend, body);
        } catch (IOException | UncheckedIOException enoughOrTimedOut) {
            // what arrived explains it; the rest is not waited for
        }
        String contentType = exchange.head.header("Content-Type");
        throw refusals.apply(new Refusal(exchange.head.status(), exchange.head.reason(),
                contentType == null ? "" : contentType, body.toString(StandardCharsets.UTF_8).trim()));
    }

    private Exchange exchange(String method, List<Header> headers, URI target,
                              Map<String, String> extraHeaders) throws IOException {
        boolean tls = sockets instanceof SSLSocketFactory;
        if (!(tls ? "https" : "http").equals(target.getScheme())) {
            throw new IOException("this tunnel reaches " + (tls ? "https" : "http") + " backends, not " + target);
        }
        Socket backend = sockets.createSocket();
        try {
            backend.connect(new InetSocketAddress(target.getHost(), target.getPort() >= 0 ? target.getPort() : tls ? 443 : 80),
                    (int) connectTimeout.toMillis());
            backend.setSoTimeout((int) connectTimeout.toMillis());
            backend.setTcpNoDelay(true);
            OutputStream toBackend = backend.getOutputStream();
            toBackend.write(requestHead(method, headers, target, extraHeaders).getBytes(StandardCharsets.ISO_8859_1));
            toBackend.flush();
            InputStream fromBackend = new BufferedInputStream(backend.getInputStream());
            return new Exchange(backend, fromBackend, ResponseHead.read(fromBackend, MAX_HEAD_BYTES));
        } catch (IOException | RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    /** One request sent to the backend and its answer's head; closing it closes the backend unless handed over. */
    private final class Exchange implements AutoCloseable {
        private final Socket backend;
        private final InputStream fromBackend;
        private final ResponseHead head;
        private boolean handedOver;

        Exchange(Socket backend, InputStream fromBackend, ResponseHead head) {
            this.backend = backend;
            this.fromBackend = fromBackend;
            this.head = head;
        }

        TunnelConnection handOver(ConnectionMetaData client) throws IOException {
            backend.setSoTimeout(0);
            EndPoint endPoint = client.getConnection().getEndPoint();
            endPoint.setIdleTimeout(idleTimeout.toMillis());
            handedOver = true;
            return new TunnelConnection(endPoint, backend, fromBackend);
        }

        @Override
        public void close() throws IOException {
            if (!handedOver) {
                backend.close();
            }
        }
    }

    private static String requestHead(String method, List<Header> headers, URI target,
                                      Map<String, String> extraHeaders) {
        StringBuilder head = new StringBuilder();
        String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        head.append(method).append(' ').append(path);
        if (target.getRawQuery() != null) {
            head.append('?').append(target.getRawQuery());
        }
        head.append(" HTTP/1.1\r\n");
        head.append("Host: ").append(target.getHost()).append(target.getPort() < 0 ? "" : ":" + target.getPort())
                .append("\r\n");
        for (Header h : headers) {
            String lower = h.name().toLowerCase(Locale.ROOT);
            if (NOT_FORWARDED.contains(lower) || extraHeaders.keySet().stream().anyMatch(h.name()::equalsIgnoreCase)) {
                continue;
            }
            head.append(h.name()).append(": ").append(h.value()).append("\r\n");
        }
        extraHeaders.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Length: 0\r\n\r\n");
        return head.toString();
    }

    private static void relayBody(ResponseHead head, InputStream fromBackend, OutputStream out) throws IOException {
        String length = head.header("Content-Length");
        if (length != null) {
            long n = Long.parseLong(length.trim());
            out.write(fromBackend.readNBytes((int) Math.min(n, Integer.MAX_VALUE)));
        } else if ("chunked".equalsIgnoreCase(head.header("Transfer-Encoding"))) {
            ChunkedBody.copy(fromBackend, out);
        } else {
            fromBackend.transferTo(out); // ends when the backend closes
        }
    }

    /** One HTTP header line. */
    record Header(String name, String value) {
    }

    /** The status line and headers of the backend's answer. */
    record ResponseHead(int status, String reason, List<Header> headers) {

        String header(String name) {
            return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst()
                    .orElse(null);
        }

        /** The headers passed on to the client: not those of the backend's hop or its body's framing. */
        List<Header> relayed() {
            return headers.stream().filter(h -> {
                String name = h.name().toLowerCase(Locale.ROOT);
                return !NOT_FORWARDED.contains(name) && !NOT_RELAYED.contains(name);
            }).toList();
        }

        static ResponseHead read(InputStream in, int maxBytes) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            while (!endsWithBlankLine(bytes)) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("the backend closed the connection before answering");
                }
                if (bytes.size() >= maxBytes) {
                    throw new IOException("the backend's answer has more than " + maxBytes + " bytes of headers");
                }
                bytes.write(b);
            }
            String[] lines = bytes.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            String[] statusLine = lines[0].split(" ", 3);
            if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
                throw new IOException("the backend did not answer in HTTP/1.1: " + lines[0]);
            }
            int status;
            try {
                status = Integer.parseInt(statusLine[1]);
            } catch (NumberFormatException e) {
                throw new IOException("the backend answered with a malformed status line: " + lines[0], e);
            }
            List<Header> headers = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.add(new Header(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()));
                }
            }
            return new ResponseHead(status, statusLine.length > 2 ? statusLine[2].trim() : "", List.copyOf(headers));
        }

        private static boolean endsWithBlankLine(ByteArrayOutputStream bytes) {
            byte[] b = bytes.toByteArray();
            int n = b.length;
            return n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n';
        }
    }
}
