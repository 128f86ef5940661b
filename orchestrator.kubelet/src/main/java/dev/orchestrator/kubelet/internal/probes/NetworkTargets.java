package dev.orchestrator.kubelet.internal.probes;

import io.fabric8.kubernetes.api.model.IntOrString;
import java.time.Duration;
import java.util.Optional;

/** Where network probes connect: the handler's host when given, else the pod's IP. */
final class NetworkTargets {

    private NetworkTargets() {
    }

    /** Where a network probe connects. */
    record Endpoint(String host, int port) {
    }

    /** The probe cannot run: no such port name, or no pod IP yet (an "errored" probe). */
    static final class Unresolved extends Exception {
        Unresolved(String message) {
            super(message, null, false, false);
        }
    }

    /** The handler's port (by number or name) and host (else the pod's IP). */
    static Endpoint endpoint(IntOrString port, String handlerHost, ProbeTarget target) throws Unresolved {
        Optional<Integer> number = ContainerPorts.resolve(target.spec(), port);
        if (number.isEmpty()) {
            throw new Unresolved("couldn't find port: " + ContainerPorts.describe(port));
        }
        Optional<String> host = host(handlerHost, target);
        if (host.isEmpty()) {
            throw new Unresolved("the pod has no IP address yet");
        }
        return new Endpoint(host.get(), number.get());
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
