package dev.orchestrator.kubelet.internal;

import org.eclipse.jetty.server.Request;

/**
 * Who may use a kubelet's HTTP endpoint, and for what: checked before a request is served, as Kubernetes' kubelet
 * authenticates (client certificate, else bearer token) and then authorizes (verb on {@code nodes/<subresource>}
 * of its node) each request.
 */
interface KubeletAccess {

    /** Everyone may do everything: the kubelet of a cluster without TLS and authentication (development). */
    KubeletAccess OPEN = (request, nodeName) -> {
    };

    /**
     * @throws KubeletRequestException 401 when the caller proves no identity, 403 when it may not, 503 when the API
     *                                 server cannot be asked
     */
    void check(Request request, String nodeName);

    /**
     * The subresource of {@code nodes} that a kubelet path stands for, as Kubernetes' kubelet names them: stats,
     * metrics, log (its {@code /logs/}), spec, healthz, configz, checkpoint; everything else (logs of containers,
     * exec, attach, port-forward, pods) is proxy.
     */
    static String subresourceOf(String path) {
        String first = path.startsWith("/") ? path.substring(1) : path;
        int slash = first.indexOf('/');
        first = slash < 0 ? first : first.substring(0, slash);
        return switch (first) {
            case "stats", "metrics", "spec", "healthz", "configz", "checkpoint" -> first;
            case "logs" -> "log";
            default -> "proxy";
        };
    }

    /** The verb a request's method stands for, as Kubernetes' kubelet maps it. */
    static String verbOf(String method) {
        return switch (method) {
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> "delete";
            default -> "get";
        };
    }
}
