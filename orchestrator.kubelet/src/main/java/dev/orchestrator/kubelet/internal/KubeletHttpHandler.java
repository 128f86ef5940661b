package dev.orchestrator.kubelet.internal;

import dev.orchestrator.api.runtime.ContainerExec;
import dev.orchestrator.http.tunnel.UpgradeTunnel;
import dev.orchestrator.kubelet.internal.logs.ContainerLogStreamer;
import dev.orchestrator.kubelet.internal.logs.LogOptions;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
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
 * The kubelet's HTTP API as the API server calls it: {@code GET /healthz};
 * {@code GET /containerLogs/{namespace}/{pod}/{container}} with Kubernetes' query
 * ({@code follow, previous, tailLines, sinceSeconds, sinceTime, timestamps, limitBytes});
 * {@code /exec|/attach/{namespace}/{pod}/{container}} and {@code /portForward/{namespace}/{pod}}, tunnelled
 * to the runtime's streaming server (whatever protocol the client and the runtime agree on, SPDY or
 * WebSocket); {@code GET /stats/summary}, {@code /metrics/resource} and {@code /metrics/cadvisor}. Errors are
 * plain text with a 4xx/5xx code, as Kubernetes' kubelet answers; the API server wraps them in a
 * Status. A request is served by the kubelets registered for the address it came in on.
 */
final class KubeletHttpHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(KubeletHttpHandler.class);
    private static final long FOLLOW_IDLE_MILLIS = Duration.ofHours(4).toMillis();

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final Function<String, List<NodeApi>> kubeletsOn;
    private final UpgradeTunnel tunnel = new UpgradeTunnel(Duration.ofSeconds(10), Duration.ofHours(4));
    private final Duration poll;
    private final KubeletAccess access;

    /**
     * @param kubeletsOn the kubelets registered for a local address
     * @param access     who may call, checked for the node of the address before anything is served
     */
    KubeletHttpHandler(Function<String, List<NodeApi>> kubeletsOn, Duration poll, KubeletAccess access) {
        this.kubeletsOn = kubeletsOn;
        this.poll = poll;
        this.access = access;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getDecodedPath();
        try {
            access.check(request, anyOn(request).nodeName());
            if (path.startsWith("/exec/") || path.startsWith("/attach/") || path.startsWith("/portForward/")) {
                stream(path, request, response, callback);
                return true;
            }
            if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
                throw new KubeletRequestException(405, "method " + request.getMethod() + " is not supported");
            }
            switch (path) {
                case "/healthz" -> text(response, 200, "ok", callback);
                case "/stats/summary" -> json(response, SERIALIZATION.asJson(anyOn(request).summary().get()), callback);
                case "/metrics/resource" -> metrics(response, ResourceMetricsText.resource(anyOn(request).usage().get()),
                        callback);
                case "/metrics/cadvisor" -> metrics(response, ResourceMetricsText.cadvisor(anyOn(request).usage().get()),
                        callback);
                default -> {
                    if (!path.startsWith("/containerLogs/")) {
                        throw new KubeletRequestException(404, "404 page not found");
                    }
                    containerLogs(path.substring("/containerLogs/".length()), request, response, callback);
                }
            }
        } catch (KubeletRequestException e) {
            text(response, e.code, e.getMessage(), callback);
        }
        return true;
    }

    /** exec, attach and port-forward: the runtime's streaming URL for the target, tunnelled to. */
    private void stream(String path, Request request, Response response, Callback callback) throws Exception {
        String[] parts = path.substring(1).split("/", -1);
        boolean portForward = parts[0].equals("portForward");
        if (parts.length != (portForward ? 3 : 4) || Arrays.stream(parts).anyMatch(String::isEmpty)) {
            throw new KubeletRequestException(400, "the path must be /" + parts[0] + "/{namespace}/{pod}"
                    + (portForward ? "" : "/{container}"));
        }
        if (!UpgradeTunnel.isUpgrade(request)) {
            throw new KubeletRequestException(400, "Upgrade request required: /" + parts[0] + " streams over "
                    + "SPDY/3.1 or WebSocket (Connection: Upgrade)");
        }
        Fields query = Request.extractQueryParameters(request);
        NodeApi kubelet = kubeletOf(request, parts[1], parts[2]);
        ContainerExec.StreamOptions options = new ContainerExec.StreamOptions(flag(query, "input", "stdin"),
                flag(query, "output", "stdout"), flag(query, "error", "stderr"), flag(query, "tty", "tty"));
        URI target = switch (parts[0]) {
            case "exec" -> kubelet.streams().exec(parts[1], parts[2], parts[3], query.getValues("command"), options);
            case "attach" -> kubelet.streams().attach(parts[1], parts[2], parts[3], options);
            default -> kubelet.streams().portForward(parts[1], parts[2], ports(query));
        };
        try {
            tunnel.refusedAs(refusal -> RuntimeRefusal.of(refusal, request.getHeaders().get(HttpHeader.UPGRADE),
                    request.getHeaders().getValuesList("Sec-WebSocket-Protocol"))).proxy(request, response, callback,
                    target, Map.of());
        } catch (IOException e) {
            throw new KubeletRequestException(502, "the container runtime's streaming server at " + target.getHost()
                    + ":" + target.getPort() + " cannot be reached: " + e.getMessage());
        }
    }

    private NodeApi kubeletOf(Request request, String namespace, String pod) {
        return kubeletsOn.apply(localAddress(request)).stream().filter(k -> k.has(namespace, pod)).findFirst()
                .orElseThrow(() -> new KubeletRequestException(404, "pod \"" + pod + "\" in namespace \""
                        + namespace + "\" is not on this node"));
    }

    private NodeApi anyOn(Request request) {
        return kubeletsOn.apply(localAddress(request)).stream().findFirst()
                .orElseThrow(() -> new KubeletRequestException(404, "no node is served on this address"));
    }

    private static boolean flag(Fields query, String name, String alias) {
        return bool(query, name) || bool(query, alias);
    }

    private static List<Integer> ports(Fields query) {
        List<Integer> ports = new ArrayList<>();
        for (String value : query.getValuesOrEmpty("port")) {
            try {
                int port = Integer.parseInt(value);
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
                ports.add(port);
            } catch (NumberFormatException e) {
                throw new KubeletRequestException(400, "invalid port: " + value + " (must be 1-65535)");
            }
        }
        return ports;
    }

    private void containerLogs(String rest, Request request, Response response, Callback callback) throws Exception {
        String[] parts = rest.split("/", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new KubeletRequestException(400, "the path must be /containerLogs/{namespace}/{pod}/{container}");
        }
        Fields query = Request.extractQueryParameters(request);
        LogOptions options = options(query);
        boolean previous = bool(query, "previous");
        ContainerLogLocator.LogSource source = kubeletOf(request, parts[0], parts[1]).logs().locate(parts[0], parts[1], parts[2], previous);
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
                throw new KubeletRequestException(400, "sinceTime is not an RFC3339 time: " + sinceTime);
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
                throw new KubeletRequestException(400, name + " must not be negative: " + value);
            }
            return OptionalLong.of(n);
        } catch (NumberFormatException e) {
            throw new KubeletRequestException(400, name + " is not an integer: " + value);
        }
    }

    private static String localAddress(Request request) {
        SocketAddress local = request.getConnectionMetaData().getLocalSocketAddress();
        return local instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : "";
    }

    private static void json(Response response, String body, Callback callback) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        Content.Sink.write(response, true, body, callback);
    }

    private static void metrics(Response response, String body, Callback callback) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        Content.Sink.write(response, true, body, callback);
    }

    private static void text(Response response, int code, String body, Callback callback) {
        response.setStatus(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        Content.Sink.write(response, true, body, callback);
    }
}
