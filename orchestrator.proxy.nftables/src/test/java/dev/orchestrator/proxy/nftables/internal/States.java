package dev.orchestrator.proxy.nftables.internal;

import dev.orchestrator.api.proxy.ProxyState;
import dev.orchestrator.api.proxy.ProxyState.Destinations;
import dev.orchestrator.api.proxy.ProxyState.Endpoint;
import dev.orchestrator.api.proxy.ProxyState.PortKey;
import dev.orchestrator.api.proxy.ProxyState.Protocol;
import dev.orchestrator.api.proxy.ProxyState.ServicePort;
import java.util.ArrayList;
import java.util.List;

/** Service ports and states for tests, built fluently. */
final class States {

    private States() {
    }

    static Port tcp(String name, String clusterIp, int port) {
        return new Port(new PortKey("default", name, "", Protocol.TCP), clusterIp, port);
    }

    static Port udp(String name, String clusterIp, int port) {
        return new Port(new PortKey("default", name, "", Protocol.UDP), clusterIp, port);
    }

    static Endpoint ep(String ip, int port) {
        return new Endpoint(ip, port, false);
    }

    static Endpoint local(String ip, int port) {
        return new Endpoint(ip, port, true);
    }

    static ProxyState state(List<String> nodeAddresses, List<String> clusterCidrs, ServicePort... ports) {
        return new ProxyState(List.of(ports), nodeAddresses, clusterCidrs);
    }

    static ProxyState state(ServicePort... ports) {
        return state(List.of("192.168.50.1", "127.0.0.1"), List.of("10.244.0.0/16"), ports);
    }

    /** A service port under construction. */
    static final class Port {
        private final PortKey key;
        private final String clusterIp;
        private final int port;
        private int nodePort;
        private final List<String> externalIps = new ArrayList<>();
        private int affinity;
        private List<Endpoint> internal = List.of();
        private boolean internalLocal;
        private List<Endpoint> external;
        private boolean externalLocal;

        private Port(PortKey key, String clusterIp, int port) {
            this.key = key;
            this.clusterIp = clusterIp;
            this.port = port;
        }

        Port nodePort(int value) {
            nodePort = value;
            return this;
        }

        Port externalIp(String ip) {
            externalIps.add(ip);
            return this;
        }

        Port affinity(int seconds) {
            affinity = seconds;
            return this;
        }

        /** The endpoints of both kinds of traffic (external ones can be set apart after). */
        Port endpoints(Endpoint... endpoints) {
            internal = List.of(endpoints);
            return this;
        }

        Port internalLocal() {
            internalLocal = true;
            return this;
        }

        Port external(boolean nodeLocal, Endpoint... endpoints) {
            external = List.of(endpoints);
            externalLocal = nodeLocal;
            return this;
        }

        ServicePort build() {
            return new ServicePort(key, clusterIp, port, nodePort, externalIps, affinity,
                    new Destinations(internal, internalLocal),
                    new Destinations(external == null ? internal : external, externalLocal));
        }
    }
}
