package dev.orchestrator.dns.internal;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How the DNS schema reads a Service and its EndpointSlices: its kind (cluster IP, headless, ExternalName), its
 * ready endpoints with their DNS hostnames, and their ports. Pure functions of fabric8 objects.
 */
final class ServiceRecords {

    private static final String NONE = "None";

    private ServiceRecords() {
    }

    /** One endpoint address that DNS publishes, with the name it has under its Service. */
    record ReadyEndpoint(String hostname, String address, EndpointSlice slice) {
    }

    static boolean isExternalName(Service s) {
        return s.getSpec() != null && "ExternalName".equals(s.getSpec().getType());
    }

    static boolean isHeadless(Service s) {
        return s.getSpec() != null && NONE.equals(s.getSpec().getClusterIP()) && !isExternalName(s);
    }

    /** The allocated cluster IPs ({@code clusterIPs}, else {@code clusterIP}); none for headless Services. */
    static List<String> clusterIps(Service s) {
        if (s.getSpec() == null || isExternalName(s)) {
            return List.of();
        }
        List<String> ips = s.getSpec().getClusterIPs() == null || s.getSpec().getClusterIPs().isEmpty()
                ? (s.getSpec().getClusterIP() == null ? List.of() : List.of(s.getSpec().getClusterIP()))
                : s.getSpec().getClusterIPs();
        return ips.stream().filter(ip -> !ip.isEmpty() && !NONE.equals(ip)).toList();
    }

    static List<ServicePort> ports(Service s) {
        return s.getSpec() == null || s.getSpec().getPorts() == null ? List.of() : s.getSpec().getPorts();
    }

    static String protocol(ServicePort p) {
        return p.getProtocol() == null || p.getProtocol().isEmpty() ? "TCP" : p.getProtocol();
    }

    /**
     * The endpoint addresses DNS publishes: those whose {@code ready} condition is true or unknown (an unknown state
     * is read as ready, as the EndpointSlice API asks), or all of them when the Service has
     * {@code publishNotReadyAddresses}. FQDN slices carry no addresses to publish.
     */
    static List<ReadyEndpoint> readyEndpoints(Service s, List<EndpointSlice> slices) {
        boolean all = s.getSpec() != null && Boolean.TRUE.equals(s.getSpec().getPublishNotReadyAddresses());
        List<ReadyEndpoint> ready = new ArrayList<>();
        for (EndpointSlice slice : slices) {
            if ("FQDN".equals(slice.getAddressType()) || slice.getEndpoints() == null) {
                continue;
            }
            for (Endpoint e : slice.getEndpoints()) {
                if (!(all || isReady(e)) || e.getAddresses() == null || e.getAddresses().isEmpty()) {
                    continue;
                }
                for (String address : e.getAddresses()) {
                    String hostname = e.getHostname() != null && !e.getHostname().isEmpty() ? e.getHostname()
                            : dashed(e.getAddresses().get(0));
                    ready.add(new ReadyEndpoint(hostname.toLowerCase(Locale.ROOT), address, slice));
                }
            }
        }
        return ready;
    }

    private static boolean isReady(Endpoint e) {
        return e.getConditions() == null || e.getConditions().getReady() == null || e.getConditions().getReady();
    }

    /**
     * The system-assigned hostname of an endpoint without one (the DNS specification leaves its form open): its
     * first address with dashes, {@code 10-244-0-7}, the form pod records use too.
     */
    static String dashed(String address) {
        return address.replace('.', '-').replace(':', '-');
    }

    /** The port an endpoint of {@code slice} serves for the Service port named {@code name}, if the slice has it. */
    static Optional<Integer> endpointPort(EndpointSlice slice, String name, String protocol) {
        for (EndpointPort p : slice.getPorts() == null ? List.<EndpointPort>of() : slice.getPorts()) {
            String pProtocol = p.getProtocol() == null ? "TCP" : p.getProtocol();
            if (name.equalsIgnoreCase(p.getName() == null ? "" : p.getName()) && protocol.equalsIgnoreCase(pProtocol)
                    && p.getPort() != null) {
                return Optional.of(p.getPort());
            }
        }
        return Optional.empty();
    }
}
