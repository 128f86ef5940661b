package dev.orchestrator.proxy.internal;

import dev.orchestrator.api.proxy.ProxyState;
import dev.orchestrator.api.proxy.ProxyState.Destinations;
import dev.orchestrator.api.proxy.ProxyState.Endpoint;
import dev.orchestrator.api.proxy.ProxyState.PortKey;
import dev.orchestrator.api.proxy.ProxyState.Protocol;
import dev.orchestrator.api.proxy.ProxyState.ServicePort;
import dev.orchestrator.proxy.internal.ServiceEndpointCandidates.Candidate;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns the Services and EndpointSlices of the cluster into what one node's proxy must program. Pure: the same
 * objects give the same state, whatever order they come in.
 *
 * <p>What is left out, as Kubernetes leaves it out: ExternalName and headless Services (DNS answers for them),
 * Services without an allocated cluster IP, non-IPv4 slices, ports a slice does not carry.
 */
final class DesiredState {

    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    private static final int DEFAULT_AFFINITY_SECONDS = 10_800;

    private final String nodeName;
    private final List<String> nodeAddresses;
    private final List<String> clusterCidrs;

    DesiredState(String nodeName, List<String> nodeAddresses, List<String> clusterCidrs) {
        this.nodeName = nodeName;
        this.nodeAddresses = List.copyOf(nodeAddresses);
        this.clusterCidrs = List.copyOf(clusterCidrs);
    }

    ProxyState of(Collection<Service> services, Collection<EndpointSlice> slices) {
        Map<String, List<EndpointSlice>> slicesByService = new HashMap<>();
        for (EndpointSlice slice : slices) {
            String service = slice.getMetadata().getLabels() == null ? null
                    : slice.getMetadata().getLabels().get(SERVICE_NAME_LABEL);
            if (service != null && "IPv4".equals(slice.getAddressType())) {
                slicesByService.computeIfAbsent(slice.getMetadata().getNamespace() + "/" + service,
                        k -> new ArrayList<>()).add(slice);
            }
        }
        List<ServicePort> ports = new ArrayList<>();
        for (Service service : services) {
            if (proxied(service)) {
                String key = service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
                ports.addAll(portsOf(service, slicesByService.getOrDefault(key, List.of())));
            }
        }
        ports.sort(Comparator.comparing((ServicePort p) -> p.key().namespace())
                .thenComparing(p -> p.key().service())
                .thenComparing(p -> p.key().portName())
                .thenComparing(p -> p.key().protocol()));
        return new ProxyState(ports, nodeAddresses, clusterCidrs);
    }

    private static boolean proxied(Service service) {
        ServiceSpec spec = service.getSpec();
        if (spec == null || "ExternalName".equals(spec.getType())) {
            return false;
        }
        String ip = spec.getClusterIP();
        return ip != null && !ip.isEmpty() && !"None".equals(ip) && ip.indexOf(':') < 0;
    }

    private List<ServicePort> portsOf(Service service, List<EndpointSlice> slices) {
        ServiceSpec spec = service.getSpec();
        boolean nodePorts = "NodePort".equals(spec.getType()) || "LoadBalancer".equals(spec.getType());
        boolean internalLocal = "Local".equals(spec.getInternalTrafficPolicy());
        boolean externalLocal = nodePorts && "Local".equals(spec.getExternalTrafficPolicy());
        int affinity = affinitySeconds(spec);
        List<String> externalIps = spec.getExternalIPs() == null ? List.of()
                : spec.getExternalIPs().stream().filter(ip -> ip.indexOf(':') < 0).toList();
        List<ServicePort> result = new ArrayList<>();
        for (io.fabric8.kubernetes.api.model.ServicePort port : spec.getPorts()) {
            Protocol protocol = protocolOf(port.getProtocol());
            if (protocol == null || port.getPort() == null) {
                continue;
            }
            String portName = Objects.requireNonNullElse(port.getName(), "");
            PortKey key = new PortKey(service.getMetadata().getNamespace(), service.getMetadata().getName(),
                    portName, protocol);
            ServiceEndpointCandidates candidates = candidates(slices, portName, protocol);
            Destinations internal = new Destinations(internalLocal ? candidates.local() : candidates.cluster(),
                    internalLocal);
            Destinations external = new Destinations(externalLocal ? candidates.local() : candidates.cluster(),
                    externalLocal);
            int nodePort = nodePorts && port.getNodePort() != null ? port.getNodePort() : 0;
            result.add(new ServicePort(key, spec.getClusterIP(), port.getPort(), nodePort, externalIps, affinity,
                    internal, external));
        }
        return result;
    }

    private static Protocol protocolOf(String name) {
        try {
            return Protocol.valueOf(Objects.requireNonNullElse(name, "TCP"));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int affinitySeconds(ServiceSpec spec) {
        if (!"ClientIP".equals(spec.getSessionAffinity())) {
            return 0;
        }
        var config = spec.getSessionAffinityConfig();
        Integer timeout = config == null || config.getClientIP() == null ? null
                : config.getClientIP().getTimeoutSeconds();
        return timeout == null || timeout <= 0 ? DEFAULT_AFFINITY_SECONDS : timeout;
    }

    /** Every endpoint of the slices that carries this port, once per address:port (slices may overlap briefly). */
    private ServiceEndpointCandidates candidates(List<EndpointSlice> slices, String portName, Protocol protocol) {
        Map<String, Candidate> byAddress = new LinkedHashMap<>();
        for (EndpointSlice slice : slices) {
            Integer port = portOf(slice, portName, protocol);
            if (port == null || slice.getEndpoints() == null) {
                continue;
            }
            for (var endpoint : slice.getEndpoints()) {
                if (endpoint.getAddresses() == null || endpoint.getAddresses().isEmpty()) {
                    continue;
                }
                String ip = endpoint.getAddresses().get(0);
                EndpointConditions c = endpoint.getConditions();
                boolean ready = c == null || c.getReady() == null || c.getReady();
                boolean serving = c == null || c.getServing() == null ? ready : c.getServing();
                boolean terminating = c != null && Boolean.TRUE.equals(c.getTerminating());
                boolean local = nodeName.equals(endpoint.getNodeName());
                byAddress.putIfAbsent(ip + ":" + port,
                        new Candidate(new Endpoint(ip, port, local), ready, serving, terminating));
            }
        }
        List<Candidate> sorted = new ArrayList<>(byAddress.values());
        sorted.sort(Comparator.comparing((Candidate c) -> c.endpoint().ip()).thenComparing(c -> c.endpoint().port()));
        return new ServiceEndpointCandidates(sorted);
    }

    private static Integer portOf(EndpointSlice slice, String portName, Protocol protocol) {
        if (slice.getPorts() == null) {
            return null;
        }
        for (var p : slice.getPorts()) {
            String name = Objects.requireNonNullElse(p.getName(), "");
            String proto = Objects.requireNonNullElse(p.getProtocol(), "TCP");
            if (name.equals(portName) && proto.equals(protocol.name()) && p.getPort() != null) {
                return p.getPort();
            }
        }
        return null;
    }
}
