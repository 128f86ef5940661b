package dev.orchestrator.kubelet.internal;

import dev.orchestrator.http.tunnel.UpgradeTunnel;
import java.util.List;
import java.util.Locale;

/**
 * The kubelet's words for a runtime streaming server that would not switch protocols. The one expected case
 * is a WebSocket protocol the runtime does not speak: kubectl 1.30 and later offer only
 * {@code v5.channel.k8s.io} (port-forward: {@code SPDY/3.1+portforward.k8s.io}), which containerd 1.6 refuses
 * with a bare {@code 403} (its streaming server speaks WebSocket only up to {@code v4.channel.k8s.io}; seen in
 * PodStreamsE2E). That becomes a 400 that says so; kubectl then falls back to SPDY/3.1, which every runtime
 * serves. Other refusals keep a 4xx code, and a runtime's own failure (5xx) is a 502.
 */
final class RuntimeRefusal {

    private RuntimeRefusal() {
    }

    /**
     * @param upgrade the protocol the client asked to switch to ({@code websocket}, {@code SPDY/3.1})
     * @param websocketProtocols the client's {@code Sec-WebSocket-Protocol} header values
     */
    static KubeletRequestException of(UpgradeTunnel.Refusal refusal, String upgrade, List<String> websocketProtocols) {
        String answer = refusal.status() + (refusal.reason().isEmpty() ? "" : " " + refusal.reason())
                + (refusal.body().isEmpty() ? "" : ": " + refusal.body());
        boolean websocket = upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
        if (websocket && refusal.status() == 403) { // Kubernetes' streaming server: no offered subprotocol spoken
            String offered = websocketProtocols.isEmpty() ? "none" : String.join(", ", websocketProtocols);
            return new KubeletRequestException(400, "the container runtime's streaming server refused the WebSocket "
                    + "upgrade (" + answer + "): it speaks none of the subprotocols offered (" + offered + "); "
                    + "SPDY/3.1 is served, and kubectl falls back to it");
        }
        String what = "the container runtime's streaming server refused the " + (upgrade == null ? "" : upgrade + " ")
                + "session (" + answer + ")";
        return refusal.status() >= 400 && refusal.status() < 500
                ? new KubeletRequestException(refusal.status(), what)
                : new KubeletRequestException(502, what);
    }
}
