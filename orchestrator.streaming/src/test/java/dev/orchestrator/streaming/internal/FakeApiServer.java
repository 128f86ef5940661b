package dev.orchestrator.streaming.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Just enough of an API server on loopback for real kubectl to exec, attach and port-forward into one pod
 * ({@code default/p}, container {@code main}): discovery, the pod, and the pod's streaming subresources, which it
 * registers as sessions (through {@code sessions}: request path and query to session URL) and tunnels byte for byte
 * to the streaming server, as the kubelet does.
 */
final class FakeApiServer implements AutoCloseable {

    private final ServerSocket listener;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Function<URI, URI> sessions;

    FakeApiServer(Function<URI, URI> sessions) throws IOException {
        this.sessions = sessions;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.submit(() -> {
            while (!listener.isClosed()) {
                Socket client = listener.accept();
                threads.submit(() -> serve(client));
            }
            return null;
        });
    }

    String url() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    private Void serve(Socket client) throws IOException {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            for (String head = readHead(in); head != null; head = readHead(in)) {
                String target = head.split(" ")[1];
                URI uri = URI.create(target);
                String path = uri.getPath();
                if (path.matches("/api/v1/namespaces/default/pods/p/(exec|attach|portforward)")) {
                    tunnel(head, uri, client);
                    return null;
                }
                String body = switch (path) {
                    case "/api" -> "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":"
                            + "[{\"clientCIDR\":\"0.0.0.0/0\",\"serverAddress\":\"127.0.0.1\"}]}";
                    case "/apis" -> "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[]}";
                    case "/api/v1" -> "{\"kind\":\"APIResourceList\",\"groupVersion\":\"v1\",\"resources\":["
                            + "{\"name\":\"pods\",\"singularName\":\"pod\",\"namespaced\":true,\"kind\":\"Pod\","
                            + "\"verbs\":[\"get\",\"list\"],\"shortNames\":[\"po\"]},"
                            + "{\"name\":\"pods/exec\",\"singularName\":\"\",\"namespaced\":true,\"kind\":\"PodExecOptions\",\"verbs\":[\"create\",\"get\"]},"
                            + "{\"name\":\"pods/attach\",\"singularName\":\"\",\"namespaced\":true,\"kind\":\"PodAttachOptions\",\"verbs\":[\"create\",\"get\"]},"
                            + "{\"name\":\"pods/portforward\",\"singularName\":\"\",\"namespaced\":true,\"kind\":\"PodPortForwardOptions\",\"verbs\":[\"create\",\"get\"]}]}";
                    case "/api/v1/namespaces/default/pods/p" -> "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":"
                            + "{\"name\":\"p\",\"namespace\":\"default\",\"uid\":\"u\"},\"spec\":{\"containers\":"
                            + "[{\"name\":\"main\",\"image\":\"x\",\"stdin\":true}]},\"status\":{\"phase\":\"Running\"}}";
                    default -> null;
                };
                String status = body == null ? "404 Not Found" : "200 OK";
                if (body == null) {
                    body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\","
                            + "\"code\":404,\"message\":\"not found\"}";
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: "
                        + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.flush();
            }
        }
        return null;
    }

    /** Sends the request on to the session's URL and joins the two connections. */
    private void tunnel(String head, URI request, Socket client) throws IOException {
        URI session = sessions.apply(request);
        try (Socket backend = new Socket(session.getHost(), session.getPort())) {
            String[] lines = head.split("\r\n", 2);
            String[] requestLine = lines[0].split(" ");
            String rewritten = requestLine[0] + " " + session.getPath() + " " + requestLine[2] + "\r\n" + lines[1];
            backend.getOutputStream().write(rewritten.getBytes(StandardCharsets.ISO_8859_1));
            backend.getOutputStream().flush();
            var toBackend = threads.submit(() -> {
                try {
                    client.getInputStream().transferTo(backend.getOutputStream());
                    backend.shutdownOutput();
                } catch (IOException e) {
                    // either side gone
                }
            });
            try {
                backend.getInputStream().transferTo(client.getOutputStream());
                client.shutdownOutput();
            } catch (IOException e) {
                // either side gone
            }
            try {
                toBackend.get();
            } catch (Exception e) {
                // done either way
            }
        }
    }

    /** The head of the next request (its body, if any, is read and dropped), or null at the end. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                in.readNBytes(Integer.parseInt(line.substring(15).trim()));
            }
        }
        return text;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        threads.shutdownNow();
    }
}
