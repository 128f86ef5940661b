package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.kubeletclient.KubeletTransport;
import dev.orchestrator.http.tunnel.UpgradeTunnel;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code pods/exec}, {@code pods/attach} and {@code pods/portforward}: checked against the pod as stored (a
 * finished pod, an unknown container, an exec without a command, a pod without a node are 400s in Kubernetes'
 * words), then tunnelled to the kubelet of the pod's node ({@code /exec|/attach/{ns}/{pod}/{container}},
 * {@code /portForward/{ns}/{pod}}), which tunnels on to the runtime's streaming server. The protocol is agreed
 * between the client and the runtime: SPDY/3.1 always; WebSocket only in the versions the runtime speaks
 * (containerd: up to {@code v4.channel.k8s.io}). A refusal on the way (the kubelet's, or the runtime's as the
 * kubelet words it) is answered as a Status with its 4xx code, on which kubectl falls back from WebSocket to SPDY.
 */
final class PodStreamProxy {

    private static final Set<String> SUBRESOURCES = Set.of("exec", "attach", "portforward");

    private final ObjectStorage storage;
    private final ResourceType pods;
    private final ResourceType nodes;
    private final KubeletTransport kubelets;
    private final UpgradeTunnel tunnel;

    PodStreamProxy(ObjectStorage storage, ResourceRegistry registry, KubeletTransport kubelets) {
        this.storage = storage;
        this.kubelets = kubelets;
        this.tunnel = new UpgradeTunnel(Duration.ofSeconds(10), Duration.ofHours(4)).over(kubelets.sockets());
        this.pods = registry.find("", "v1", "pods").orElseThrow();
        this.nodes = registry.find("", "v1", "nodes").orElseThrow();
    }

    /** Whether a pod subresource is one of the streaming sessions served here (null: none). */
    static boolean serves(String subresource) {
        return subresource != null && SUBRESOURCES.contains(subresource);
    }

    void serve(String subresource, String namespace, String name, HttpServletRequest request,
               HttpServletResponse response) throws IOException {
        ObjectNode pod = storage.getOrNotFound(pods, namespace, name);
        String path = kubeletPath(subresource, pod, request);
        String nodeName = pod.path("spec").path("nodeName").asText("");
        if (nodeName.isEmpty()) {
            throw ApiException.badRequest("pod " + name + " does not have a host assigned");
        }
        if (!asksToSwitchProtocols(request)) {
            throw ApiException.badRequest("Upgrade request required: pods/" + subresource + " streams over SPDY/3.1 "
                    + "or WebSocket (Connection: Upgrade)");
        }
        URI target = kubelets.uri(KubeletLocation.authority(storage, nodes, nodeName, "no session can be opened"), path);
        try {
            tunnel.refusedAs(refusal -> KubeletLocation.refusal(nodeName, refusal.status(), refusal.body()))
                    .proxy(request, response, target, Map.of());
        } catch (IOException e) {
            throw ApiException.dependencyUnavailable("the kubelet of node \"" + nodeName + "\" cannot be reached at "
                    + target.getHost() + ":" + target.getPort() + ": " + e.getMessage());
        }
    }

    /**
     * {@code Connection: Upgrade} with an {@code Upgrade} header (what {@code UpgradeTunnel.isUpgrade} checks;
     * called here without its Jetty overload, which this bundle does not compile against).
     */
    private static boolean asksToSwitchProtocols(HttpServletRequest request) {
        String upgrade = request.getHeader("Upgrade");
        return upgrade != null && !upgrade.isBlank() && java.util.Collections.list(request.getHeaders("Connection"))
                .stream().anyMatch(v -> v.toLowerCase(java.util.Locale.ROOT).contains("upgrade"));
    }

    /** The kubelet's path and query for the session, once the request makes sense for the pod. */
    private static String kubeletPath(String subresource, ObjectNode pod, HttpServletRequest request) {
        String namespace = KubeletLocation.segment(pod.path("metadata").path("namespace").asText());
        String name = KubeletLocation.segment(pod.path("metadata").path("name").asText());
        String phase = pod.path("status").path("phase").asText("");
        if (phase.equals("Succeeded") || phase.equals("Failed")) {
            String what = switch (subresource) {
                case "exec" -> "exec into a container";
                case "attach" -> "attach to a container";
                default -> "forward ports to a pod";
            };
            throw ApiException.badRequest("cannot " + what + " in a completed pod; current phase is " + phase);
        }
        if (subresource.equals("portforward")) {
            return "/portForward/" + namespace + "/" + name + portsQuery(request);
        }
        String asked = request.getParameter("container");
        String container = PodLogTarget.container(pod, asked == null ? "" : asked);
        if (subresource.equals("exec") && request.getParameterValues("command") == null) {
            throw ApiException.badRequest("you must specify at least one command for the container");
        }
        return "/" + subresource + "/" + namespace + "/" + name + "/" + KubeletLocation.segment(container)
                + query(request, List.of("command", "stdin", "stdout", "stderr", "tty"));
    }

    /**
     * The client's {@code ports} (PodPortForwardOptions; WebSocket clients send them, SPDY clients name ports per
     * stream instead) as the kubelet's {@code port} parameters, one each.
     */
    private static String portsQuery(HttpServletRequest request) {
        List<String> pairs = new ArrayList<>();
        String[] values = request.getParameterValues("ports");
        for (String value : values == null ? new String[0] : values) {
            for (String port : value.split(",")) {
                int number;
                try {
                    number = Integer.parseInt(port.trim());
                } catch (NumberFormatException e) {
                    number = 0;
                }
                if (number < 1 || number > 65535) {
                    throw ApiException.badRequest("invalid port \"" + port.trim() + "\" to forward: a port is a "
                            + "number from 1 to 65535");
                }
                pairs.add("port=" + number);
            }
        }
        return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
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
