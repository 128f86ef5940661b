package dev.orchestrator.dns.internal;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;
import java.util.Optional;

/**
 * What the DNS server knows of the cluster: Services and their EndpointSlices, read from caches (never an API
 * call per query). Implementations are safe for concurrent readers.
 */
interface ServiceCatalog {

    /** Whether the caches hold a complete first list; before that, answers would be wrong negatives. */
    boolean synced();

    Optional<Service> service(String namespace, String name);

    /** The slices of one Service (label {@code kubernetes.io/service-name}). */
    List<EndpointSlice> endpointSlices(String namespace, String service);

    /** Whether any Service lives in the namespace (then {@code <ns>.svc.<zone>} exists, without records). */
    boolean hasServices(String namespace);

    /** Services whose cluster IPs include {@code ip}, for reverse lookups. */
    List<Service> servicesWithClusterIp(String ip);

    /** Slices holding an endpoint with address {@code ip}, for reverse lookups of headless endpoints. */
    List<EndpointSlice> endpointSlicesWithAddress(String ip);
}
