package dev.orchestrator.kubelet.internal.probes;

import java.time.Duration;
import java.util.Optional;

/** Where network probes connect: the handler's host when given, else the pod's IP. */
final class NetworkTargets {

    private NetworkTargets() {
    }

    static Optional<String> host(String handlerHost, ProbeTarget target) {
        return handlerHost != null && !handlerHost.isBlank() ? Optional.of(handlerHost.trim()) : target.podIp();
    }

    /** host:port, with an IPv6 address in brackets. */
    static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }
}
