package dev.orchestrator.kubelet.internal;

import dev.orchestrator.kubelet.internal.logs.ContainerLogStreamer;
import dev.orchestrator.kubelet.internal.logs.LogOptions;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's HTTP API as the API server calls it: {@code GET /healthz} and
 * {@code GET /containerLogs/{namespace}/{pod}/{container}} with Kubernetes' query
 * ({@code follow, previous, tailLines, sinceSeconds, sinceTime, timestamps, limitBytes}). Errors are
 * plain text with a 4xx/5xx code, as Kubernetes' kubelet answers; the API server wraps them in a
 * Status. A request is served by the kubelets registered for the address it came in on.
 */
final class KubeletHttpHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(KubeletHttpHandler.class);
    private static final long FOLLOW_IDLE_MILLIS = Duration.ofHours(4).toMillis();

    private final Function<String, List<ContainerLogLocator>> kubeletsOn;
    private final Duration poll;

    /** @param kubeletsOn the kubelets registered for a local address */
    KubeletHttpHandler(Function<String, List<ContainerLogLocator>> kubeletsOn, Duration poll) {
        this.kubeletsOn = kubeletsOn;
        this.poll = poll;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getDecodedPath();
        try {
            if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
                throw new LogRequestException(405, "method " + request.getMethod() + " is not supported");
            }
            if (path.equals("/healthz")) {
                text(response, 200, "ok", callback);
            } else if (path.startsWith("/containerLogs/")) {
                containerLogs(path.substring("/containerLogs/".length()), request, response, callback);
            } else {
                throw new LogRequestException(404, "404 page not found");
            }
        } catch (LogRequestException e) {
            text(response, e.code, e.getMessage(), callback);
        }
        return true;
    }

    private void containerLogs(String rest, Request request, Response response, Callback callback) throws Exception {
        String[] parts = rest.split("/", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new LogRequestException(400, "the path must be /containerLogs/{namespace}/{pod}/{container}");
        }
        Fields query = Request.extractQueryParameters(request);
        LogOptions options = options(query);
        boolean previous = bool(query, "previous");
        ContainerLogLocator kubelet = kubeletsOn.apply(localAddress(request)).stream()
                .filter(k -> k.has(parts[0], parts[1])).findFirst()
                .orElseThrow(() -> new LogRequestException(404, "pod \"" + parts[1] + "\" in namespace \"" + parts[0]
                        + "\" is not on this node"));
        ContainerLogLocator.LogSource source = kubelet.locate(parts[0], parts[1], parts[2], previous);
        AtomicBoolean gone = new AtomicBoolean();
        request.addFailureListener(failure -> gone.set(true));
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        if (options.follow()) {
            endPoint.setIdleTimeout(FOLLOW_IDLE_MILLIS); // quiet by design; the API server closes it when its client goes
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        try (OutputStream out = new BufferedOutputStream(Content.Sink.asOutputStream(response), 16 * 1024)) {
            new ContainerLogStreamer(source.file(), options, source.running(),
                    () -> gone.get() || !endPoint.isOpen(), poll).copyTo(out);
        } catch (IOException e) {
            LOG.debug("log client went away path={} error={}", rest, e.toString());
            callback.failed(e);
            return;
        }
        callback.succeeded();
    }

    private static LogOptions options(Fields query) {
        OptionalLong sinceSeconds = number(query, "sinceSeconds");
        Optional<Instant> since = sinceSeconds.isPresent()
                ? Optional.of(Instant.now().minusSeconds(sinceSeconds.getAsLong())) : Optional.empty();
        String sinceTime = query.getValue("sinceTime");
        if (sinceTime != null && !sinceTime.isEmpty()) {
            try {
                since = Optional.of(OffsetDateTime.parse(sinceTime).toInstant());
            } catch (DateTimeParseException e) {
                throw new LogRequestException(400, "sinceTime is not an RFC3339 time: " + sinceTime);
            }
        }
        return new LogOptions(bool(query, "follow"), number(query, "tailLines"), since, bool(query, "timestamps"),
                number(query, "limitBytes"));
    }

    private static boolean bool(Fields query, String name) {
        String value = query.getValue(name);
        return value != null && (value.equalsIgnoreCase("true") || value.equals("1") || value.equalsIgnoreCase("t"));
    }

    private static OptionalLong number(Fields query, String name) {
        String value = query.getValue(name);
        if (value == null || value.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            long n = Long.parseLong(value);
            if (n < 0) {
                throw new LogRequestException(400, name + " must not be negative: " + value);
            }
            return OptionalLong.of(n);
        } catch (NumberFormatException e) {
            throw new LogRequestException(400, name + " is not an integer: " + value);
        }
    }

    private static String localAddress(Request request) {
        SocketAddress local = request.getConnectionMetaData().getLocalSocketAddress();
        return local instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : "";
    }

    private static void text(Response response, int code, String body, Callback callback) {
        response.setStatus(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        Content.Sink.write(response, true, body, callback);
    }
}
