package dev.orchestrator.dns.internal;

import dev.orchestrator.client.InformerSupervisor;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The catalog over two shared informers (every Service, every EndpointSlice) with indexes for each question the
 * DNS asks: slices by Service, Services by cluster IP, slices by endpoint address. A lookup is a few map reads.
 */
final class InformerServiceCatalog implements ServiceCatalog, AutoCloseable {

    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    private static final String BY_SERVICE = "service";
    private static final String BY_CLUSTER_IP = "clusterIP";
    private static final String BY_ADDRESS = "address";

    private final SharedIndexInformer<Service> services;
    private final SharedIndexInformer<EndpointSlice> slices;

    InformerServiceCatalog(KubernetesClient client, InformerSupervisor supervisor) {
        this.services = client.services().inAnyNamespace().runnableInformer(0);
        this.slices = client.discovery().v1().endpointSlices().inAnyNamespace().runnableInformer(0);
        services.addIndexers(Map.<String, Function<Service, List<String>>>of(BY_CLUSTER_IP, InformerServiceCatalog::clusterIps));
        slices.addIndexers(Map.<String, Function<EndpointSlice, List<String>>>of(
                BY_SERVICE, InformerServiceCatalog::serviceKey, BY_ADDRESS, InformerServiceCatalog::addresses));
        supervisor.start(services);
        supervisor.start(slices);
    }

    @Override
    public boolean synced() {
        return services.hasSynced() && slices.hasSynced();
    }

    @Override
    public Optional<Service> service(String namespace, String name) {
        return Optional.ofNullable(services.getIndexer().getByKey(namespace + "/" + name));
    }

    @Override
    public List<EndpointSlice> endpointSlices(String namespace, String service) {
        return slices.getIndexer().byIndex(BY_SERVICE, namespace + "/" + service);
    }

    @Override
    public boolean hasServices(String namespace) {
        return !services.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace).isEmpty();
    }

    @Override
    public List<Service> servicesWithClusterIp(String ip) {
        return services.getIndexer().byIndex(BY_CLUSTER_IP, ip);
    }

    @Override
    public List<EndpointSlice> endpointSlicesWithAddress(String ip) {
        return slices.getIndexer().byIndex(BY_ADDRESS, ip);
    }

    private static List<String> clusterIps(Service s) {
        return ServiceRecords.clusterIps(s);
    }

    private static List<String> serviceKey(EndpointSlice slice) {
        var labels = slice.getMetadata().getLabels();
        String service = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
        return service == null ? List.of() : List.of(slice.getMetadata().getNamespace() + "/" + service);
    }

    private static List<String> addresses(EndpointSlice slice) {
        List<String> all = new ArrayList<>();
        for (Endpoint e : slice.getEndpoints() == null ? List.<Endpoint>of() : slice.getEndpoints()) {
            if (e.getAddresses() != null) {
                all.addAll(e.getAddresses());
            }
        }
        return all;
    }

    @Override
    public void close() {
        services.close();
        slices.close();
    }
}
