package dev.orchestrator.api.proxy;

import java.util.List;
import java.util.Objects;

/**
 * Everything one node's proxy must program.
 *
 * @param services every service port with a virtual IP, node port or external IP, in a stable
 *        order (namespace, name, port name)
 * @param nodeAddresses the IPv4 addresses of this node on which node ports answer (its node IP
 *        and loopback, typically)
 * @param clusterCidrs the pod address ranges of the cluster: traffic to a virtual IP from outside
 *        them is masqueraded, so that replies come back through this node
 */
public record ProxyState(List<ServicePort> services, List<String> nodeAddresses, List<String> clusterCidrs) {

    public ProxyState {
        services = List.copyOf(services);
        nodeAddresses = List.copyOf(nodeAddresses);
        clusterCidrs = List.copyOf(clusterCidrs);
    }

    /** Nothing to program: a proxy given this removes all its service rules. */
    public static ProxyState empty() {
        return new ProxyState(List.of(), List.of(), List.of());
    }

    /** IP protocols a service port can carry. */
    public enum Protocol {
        TCP, UDP, SCTP;

        /** The lower-case name that iptables and nft use. */
        public String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Identifies a service port across syncs.
     *
     * @param portName the name of the port in the Service ({@code ""} for an unnamed single port)
     */
    public record PortKey(String namespace, String service, String portName, Protocol protocol) {

        public PortKey {
            Objects.requireNonNull(namespace);
            Objects.requireNonNull(service);
            Objects.requireNonNull(portName);
            Objects.requireNonNull(protocol);
        }

        /** {@code namespace/service:port/protocol}, for comments and logs. */
        @Override
        public String toString() {
            return namespace + "/" + service + (portName.isEmpty() ? "" : ":" + portName) + "/" + protocol.keyword();
        }
    }

    /**
     * One port of one Service and where its traffic goes. The proxy core has already applied
     * readiness, terminating endpoints and the traffic policies: a proxy balances over the
     * given endpoints and nothing else.
     *
     * @param clusterIp the virtual IP (Services without one — headless, ExternalName — are not proxied)
     * @param port the port on the virtual IP and the external IPs
     * @param nodePort the node port, or 0
     * @param externalIps {@code spec.externalIPs}, answered like the virtual IP
     * @param affinitySeconds for {@code sessionAffinity: ClientIP} how long a client sticks to
     *        its endpoint; 0 for no affinity
     * @param internal where traffic to the virtual IP goes
     * @param external where traffic to node ports and external IPs goes
     */
    public record ServicePort(PortKey key, String clusterIp, int port, int nodePort, List<String> externalIps,
                              int affinitySeconds, Destinations internal, Destinations external) {

        public ServicePort {
            Objects.requireNonNull(key);
            Objects.requireNonNull(clusterIp);
            externalIps = List.copyOf(externalIps);
            Objects.requireNonNull(internal);
            Objects.requireNonNull(external);
        }
    }

    /**
     * The endpoints one kind of traffic is balanced over.
     *
     * @param endpoints in a stable order; empty means the traffic is refused: REJECT (connection
     *        refused at once) when {@code nodeLocal} is false — the service has no usable endpoint
     *        anywhere — and DROP when it is true, as Kubernetes does for a {@code Local} policy
     *        with no endpoint on this node
     * @param nodeLocal the traffic policy is {@code Local}: only endpoints of this node are listed,
     *        and external traffic keeps its client source address (it is not masqueraded)
     */
    public record Destinations(List<Endpoint> endpoints, boolean nodeLocal) {

        public Destinations {
            endpoints = List.copyOf(endpoints);
        }
    }

    /**
     * One backend.
     *
     * @param ip the pod's IPv4 address
     * @param port the target port, resolved for this pod when the Service names it
     * @param local the pod runs on this node
     */
    public record Endpoint(String ip, int port, boolean local) {
    }
}
