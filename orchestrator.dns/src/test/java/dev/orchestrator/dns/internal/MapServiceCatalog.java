package dev.orchestrator.dns.internal;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory catalog of fabric8 objects, and builders for the shapes the tests need. */
final class MapServiceCatalog implements ServiceCatalog {

    final List<Service> services = new CopyOnWriteArrayList<>();
    final List<EndpointSlice> slices = new CopyOnWriteArrayList<>();
    volatile boolean synced = true;

    MapServiceCatalog add(Service s) {
        services.add(s);
        return this;
    }

    MapServiceCatalog add(EndpointSlice s) {
        slices.add(s);
        return this;
    }

    @Override
    public boolean synced() {
        return synced;
    }

    @Override
    public Optional<Service> service(String namespace, String name) {
        return services.stream().filter(s -> s.getMetadata().getNamespace().equals(namespace)
                && s.getMetadata().getName().equals(name)).findFirst();
    }

    @Override
    public List<EndpointSlice> endpointSlices(String namespace, String service) {
        return slices.stream().filter(s -> s.getMetadata().getNamespace().equals(namespace)
                && service.equals(s.getMetadata().getLabels().get(InformerServiceCatalog.SERVICE_NAME_LABEL))).toList();
    }

    @Override
    public boolean hasServices(String namespace) {
        return services.stream().anyMatch(s -> s.getMetadata().getNamespace().equals(namespace));
    }

    @Override
    public List<Service> servicesWithClusterIp(String ip) {
        return services.stream().filter(s -> ServiceRecords.clusterIps(s).contains(ip)).toList();
    }

    @Override
    public List<EndpointSlice> endpointSlicesWithAddress(String ip) {
        return slices.stream().filter(s -> s.getEndpoints().stream()
                .anyMatch(e -> e.getAddresses().contains(ip))).toList();
    }

    static ServicePort port(String name, int port, String protocol, int targetPort) {
        return new ServicePortBuilder().withName(name).withPort(port).withProtocol(protocol)
                .withNewTargetPort(targetPort).build();
    }

    static Service clusterIp(String namespace, String name, String ip, ServicePort... ports) {
        return new ServiceBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP(ip).withClusterIPs(ip).withPorts(ports).endSpec()
                .build();
    }

    static Service headless(String namespace, String name, boolean publishNotReady, ServicePort... ports) {
        return new ServiceBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP("None").withClusterIPs("None")
                .withPublishNotReadyAddresses(publishNotReady).withPorts(ports).endSpec().build();
    }

    static Service externalName(String namespace, String name, String target) {
        return new ServiceBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withType("ExternalName").withExternalName(target).endSpec().build();
    }

    static Endpoint endpoint(String address, Boolean ready, String hostname) {
        return new EndpointBuilder().withAddresses(address).withHostname(hostname)
                .withNewConditions().withReady(ready).withServing(ready).withTerminating(false).endConditions().build();
    }

    /** A slice of {@code service} whose endpoints serve the port {@code portName} on {@code port}/TCP. */
    static EndpointSlice slice(String namespace, String service, String portName, int port, Endpoint... endpoints) {
        return new EndpointSliceBuilder().withNewMetadata().withNamespace(namespace)
                .withName(service + "-" + Objects.hash((Object[]) endpoints))
                .addToLabels(InformerServiceCatalog.SERVICE_NAME_LABEL, service).endMetadata()
                .withAddressType("IPv4").withEndpoints(endpoints)
                .withPorts(new EndpointPortBuilder().withName(portName).withPort(port).withProtocol("TCP").build())
                .build();
    }
}
