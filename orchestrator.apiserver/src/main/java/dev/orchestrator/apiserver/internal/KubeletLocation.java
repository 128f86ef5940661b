package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where the kubelet of a node answers: the node's InternalIP and {@code status.daemonEndpoints.kubeletEndpoint.Port},
 * as {@code host:port} (the scheme is the transport's). A node that is missing or publishes no endpoint is a 503 naming it and what cannot be
 * done ({@code purpose}); what the kubelet refuses becomes a Status ({@link #refusal}). Shared by pods/log and the
 * streaming subresources.
 */
final class KubeletLocation {

    private KubeletLocation() {
    }

    static String authority(ObjectStorage storage, ResourceType nodes, String nodeName, String purpose) {
        ObjectNode node = storage.get(nodes, null, nodeName).orElseThrow(() -> ApiException.dependencyUnavailable(
                "node \"" + nodeName + "\" of the pod does not exist: " + purpose));
        return of(node).orElseThrow(() -> ApiException.dependencyUnavailable("node \"" + nodeName
                + "\" publishes no kubelet endpoint (InternalIP address and status.daemonEndpoints.kubeletEndpoint.Port): "
                + purpose));
    }

    /** The kubelet's {@code host:port} a node object publishes; empty when it publishes none (hollow nodes publish port 0). */
    static Optional<String> of(JsonNode node) {
        int port = node.path("status").path("daemonEndpoints").path("kubeletEndpoint").path("Port").asInt(0);
        String address = "";
        for (JsonNode a : node.path("status").path("addresses")) {
            if ("InternalIP".equals(a.path("type").asText())) {
                address = a.path("address").asText("");
                break;
            }
        }
        if (port <= 0 || address.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of((address.contains(":") ? "[" + address + "]" : address) + ":" + port);
    }

    /**
     * A kubelet's refusal ({@code text} is its plain-text message) as the client's Status: a 4xx keeps its code
     * and words, as it is about the request; anything else is the node's failure, a 503 naming it.
     */
    static ApiException refusal(String nodeName, int code, String text) {
        if (code >= 400 && code < 500) {
            return ApiException.withCode(code, text);
        }
        return ApiException.dependencyUnavailable("the kubelet of node \"" + nodeName + "\" answered " + code
                + (text.isEmpty() ? "" : ": " + text));
    }

    /** One path segment, escaped. */
    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
