package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.http.tunnel.UpgradeTunnel;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code pods/exec}, {@code pods/attach} and {@code pods/portforward}: checked against the pod as stored (a
 * finished pod, an unknown container, an exec without a command are 400s in Kubernetes' words), then tunnelled
 * to the kubelet of the pod's node ({@code /exec|/attach/{ns}/{pod}/{container}}, {@code /portForward/{ns}/{pod}}),
 * which tunnels on to the runtime's streaming server. The protocol (SPDY/3.1, or WebSocket where the runtime
 * speaks the client's version) is agreed between the client and the runtime; a runtime that refuses a WebSocket
 * version answers with a non-101, on which kubectl falls back to SPDY.
 */
final class PodStreamProxy {

    private final ObjectStorage storage;
    private final ResourceType pods;
    private final ResourceType nodes;
    private final UpgradeTunnel tunnel = new UpgradeTunnel(Duration.ofSeconds(10), Duration.ofHours(4));

    PodStreamProxy(ObjectStorage storage, ResourceRegistry registry) {
        this.storage = storage;
        this.pods = registry.find("", "v1", "pods").orElseThrow();
        this.nodes = registry.find("", "v1", "nodes").orElseThrow();
    }

    void serve(String subresource, String namespace, String name, HttpServletRequest request,
               HttpServletResponse response) throws IOException {
        ObjectNode pod = storage.getOrNotFound(pods, namespace, name);
        String phase = pod.path("status").path("phase").asText("");
        String verb = subresource.equals("portforward") ? "forward ports to" : subresource + " into";
        if (phase.equals("Succeeded") || phase.equals("Failed")) {
            throw ApiException.badRequest("cannot " + verb + " a container in a completed pod; current phase is "
                    + phase);
        }
        String nodeName = pod.path("spec").path("nodeName").asText("");
        if (nodeName.isEmpty()) {
            throw ApiException.badRequest("pod " + name + " does not have a host assigned");
        }
        String path;
        if (subresource.equals("portforward")) {
            path = "/portForward/" + KubeletLocation.segment(namespace) + "/" + KubeletLocation.segment(name)
                    + query(request, List.of("port"));
        } else {
            String asked = request.getParameter("container");
            String container = PodLogTarget.container(pod, asked == null ? "" : asked);
            if (subresource.equals("exec") && request.getParameterValues("command") == null) {
                throw ApiException.badRequest("you must specify at least one command for the container");
            }
            path = "/" + subresource + "/" + KubeletLocation.segment(namespace) + "/" + KubeletLocation.segment(name)
                    + "/" + KubeletLocation.segment(container)
                    + query(request, List.of("command", "stdin", "stdout", "stderr", "tty"));
        }
        URI target = URI.create(KubeletLocation.baseUri(storage, nodes, nodeName, "no session can be opened")
                + path);
        try {
            tunnel.proxy(request, response, target, Map.of());
        } catch (IOException e) {
            throw ApiException.dependencyUnavailable("the kubelet of node \"" + nodeName + "\" cannot be reached at "
                    + target.getHost() + ":" + target.getPort() + ": " + e.getMessage());
        }
    }

    /** The named query parameters, in order, for the kubelet (which reads the same names). */
    private static String query(HttpServletRequest request, List<String> names) {
        List<String> pairs = new ArrayList<>();
        for (String n : names) {
            String[] values = request.getParameterValues(n);
            if (values != null) {
                for (String v : values) {
                    pairs.add(n + "=" + KubeletLocation.segment(v));
                }
            }
        }
        return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
    }
}
