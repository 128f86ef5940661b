package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.kubeletclient.KubeletTransport;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET pods/{name}/log}: checks the request against the pod as stored ({@link PodLogTarget}),
 * then streams the log from the kubelet of the pod's node, found at the node's InternalIP and
 * {@code status.daemonEndpoints.kubeletEndpoint.Port} ({@code /containerLogs/{ns}/{pod}/{container}}).
 * Bytes are passed on as they arrive, flushed, so {@code kubectl logs -f} sees each line at once. A
 * kubelet's refusal keeps its code and message (as a Status); a node that serves no endpoint or
 * cannot be reached is a 503 that says which node and address.
 */
final class PodLogProxy {

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    /** A read that is not followed ends when the file does; a stuck kubelet is cut off after this. */
    private static final int READ_TIMEOUT_MILLIS = 60_000;

    private final ObjectStorage storage;
    private final ResourceType pods;
    private final ResourceType nodes;
    private final KubeletTransport kubelets;

    PodLogProxy(ObjectStorage storage, ResourceRegistry registry, KubeletTransport kubelets) {
        this.storage = storage;
        this.kubelets = kubelets;
        this.pods = registry.find("", "v1", "pods").orElseThrow();
        this.nodes = registry.find("", "v1", "nodes").orElseThrow();
    }

    void serve(String namespace, String name, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        PodLogQuery query = PodLogQuery.parse(request::getParameter, name);
        ObjectNode pod = storage.getOrNotFound(pods, namespace, name);
        String container = PodLogTarget.container(pod, query.container());
        PodLogTarget.requireLogs(pod, container, query.previous());
        URI uri = kubeletUri(pod, container, query);
        HttpURLConnection connection = kubelets.open(uri);
        connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
        connection.setReadTimeout(query.follow() ? 0 : READ_TIMEOUT_MILLIS);
        try {
            int code;
            try {
                code = connection.getResponseCode();
            } catch (IOException e) {
                throw ApiException.dependencyUnavailable("the kubelet of node \"" + pod.path("spec").path("nodeName").asText()
                        + "\" cannot be reached at " + uri.getHost() + ":" + uri.getPort() + ": " + e.getMessage());
            }
            if (code != 200) {
                throw refusal(pod.path("spec").path("nodeName").asText(), code, connection);
            }
            response.setStatus(200);
            response.setContentType("text/plain");
            copy(connection.getInputStream(), response.getOutputStream());
        } finally {
            connection.disconnect(); // also when the client went away: the kubelet then ends its follow
        }
    }

    private URI kubeletUri(ObjectNode pod, String container, PodLogQuery query) {
        String nodeName = pod.path("spec").path("nodeName").asText("");
        if (nodeName.isEmpty()) {
            throw ApiException.badRequest("container \"" + container + "\" in pod \"" + pod.path("metadata")
                    .path("name").asText() + "\" is waiting to start: ContainerCreating");
        }
        String authority = KubeletLocation.authority(storage, nodes, nodeName, "its logs cannot be read");
        return kubelets.uri(authority, "/containerLogs/" + segment(pod.path("metadata")
                .path("namespace").asText()) + "/" + segment(pod.path("metadata").path("name").asText()) + "/"
                + segment(container) + query.kubeletQueryString());
    }

    private static String segment(String s) {
        return KubeletLocation.segment(s);
    }

    /** The kubelet's own answer, with its code: 4xx stay client errors, anything else is the node's failure. */
    private static ApiException refusal(String nodeName, int code, HttpURLConnection connection) {
        String message;
        try (InputStream error = connection.getErrorStream()) {
            message = error == null ? "" : new String(error.readNBytes(4096), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            message = e.getMessage();
        }
        return KubeletLocation.refusal(nodeName, code, message);
    }

    private static void copy(InputStream from, OutputStream to) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                to.write(buffer, 0, n);
                if (in.available() == 0) {
                    to.flush();
                }
            }
        }
        to.flush();
    }
}
