package dev.orchestrator.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.proxy.ProxyState;
import dev.orchestrator.api.proxy.ProxyState.Endpoint;
import dev.orchestrator.api.proxy.ProxyState.Protocol;
import dev.orchestrator.api.proxy.ProxyState.ServicePort;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class DesiredStateTest {

    private final DesiredState desired = new DesiredState("node-a", List.of("10.244.0.1", "127.0.0.1"),
            List.of("10.244.0.0/16"));

    @Test
    void onlyReadyEndpointsGetTrafficAndNamedPortsResolvePerSlice() {
        Service web = service("web", "ClusterIP", "10.96.0.7").build();
        EndpointSlice slice = slice("web", "http", 8080,
                endpoint("10.244.0.5", "node-a", true, false),
                endpoint("10.244.1.5", "node-b", true, false),
                endpoint("10.244.1.6", "node-b", false, false));
        ProxyState state = desired.of(List.of(web), List.of(slice));
        ServicePort port = state.services().get(0);
        assertEquals("10.96.0.7", port.clusterIp());
        assertEquals(80, port.port());
        assertEquals(List.of(new Endpoint("10.244.0.5", 8080, true), new Endpoint("10.244.1.5", 8080, false)),
                port.internal().endpoints());
        assertFalse(port.internal().nodeLocal());
        assertEquals(0, port.nodePort());
        assertEquals(List.of("10.244.0.1", "127.0.0.1"), state.nodeAddresses());
    }

    @Test
    void terminatingButServingEndpointsServeOnlyWhenNoneIsReady() {
        Service web = service("web", "ClusterIP", "10.96.0.7").build();
        EndpointSlice slice = slice("web", "http", 8080,
                endpoint("10.244.0.5", "node-a", false, true),
                endpoint("10.244.0.6", "node-a", false, false));
        ServicePort port = desired.of(List.of(web), List.of(slice)).services().get(0);
        assertEquals(List.of(new Endpoint("10.244.0.5", 8080, true)), port.internal().endpoints());

        EndpointSlice withReady = slice("web", "http", 8080,
                endpoint("10.244.0.5", "node-a", false, true),
                endpoint("10.244.0.7", "node-a", true, false));
        port = desired.of(List.of(web), List.of(withReady)).services().get(0);
        assertEquals(List.of(new Endpoint("10.244.0.7", 8080, true)), port.internal().endpoints());
    }

    @Test
    void localPoliciesKeepThisNodesEndpointsAndNodePortsStayClusterWideOtherwise() {
        Service web = service("web", "NodePort", "10.96.0.7")
                .editSpec().withExternalTrafficPolicy("Local").withInternalTrafficPolicy("Cluster")
                .editFirstPort().withNodePort(30080).endPort().endSpec().build();
        EndpointSlice slice = slice("web", "http", 8080,
                endpoint("10.244.0.5", "node-a", true, false),
                endpoint("10.244.1.5", "node-b", true, false));
        ServicePort port = desired.of(List.of(web), List.of(slice)).services().get(0);
        assertEquals(30080, port.nodePort());
        assertEquals(2, port.internal().endpoints().size());
        assertEquals(List.of(new Endpoint("10.244.0.5", 8080, true)), port.external().endpoints());
        assertTrue(port.external().nodeLocal());

        Service internalLocal = service("web", "ClusterIP", "10.96.0.7")
                .editSpec().withInternalTrafficPolicy("Local").endSpec().build();
        EndpointSlice remoteOnly = slice("web", "http", 8080, endpoint("10.244.1.5", "node-b", true, false));
        port = desired.of(List.of(internalLocal), List.of(remoteOnly)).services().get(0);
        assertTrue(port.internal().endpoints().isEmpty(), "no local endpoint: dropped, not sent elsewhere");
        assertTrue(port.internal().nodeLocal());
    }

    @Test
    void headlessExternalNameAndUnallocatedServicesAreNotProxied() {
        List<Service> services = List.of(service("headless", "ClusterIP", "None").build(),
                service("pending", "ClusterIP", "").build(),
                new ServiceBuilder().withNewMetadata().withNamespace("default").withName("ext").endMetadata()
                        .withNewSpec().withType("ExternalName").withExternalName("example.org").endSpec().build());
        assertTrue(desired.of(services, List.of()).services().isEmpty());
    }

    @Test
    void clientIpAffinityDefaultsToThreeHoursAndServicesComeSortedWithUdpKeptApart() {
        Service dns = service("dns", "ClusterIP", "10.96.0.10").editSpec().withSessionAffinity("ClientIP")
                .withPorts().addNewPort().withName("dns").withPort(53).withProtocol("UDP").endPort()
                .addNewPort().withName("dns-tcp").withPort(53).withProtocol("TCP").endPort().endSpec().build();
        Service alpha = service("alpha", "ClusterIP", "10.96.0.11").build();
        ProxyState state = desired.of(List.of(dns, alpha), List.of());
        assertEquals(List.of("alpha", "dns", "dns"), state.services().stream().map(p -> p.key().service()).toList());
        ServicePort udp = state.services().get(1);
        assertEquals(Protocol.UDP, udp.key().protocol());
        assertEquals(10_800, udp.affinitySeconds());
        assertTrue(udp.internal().endpoints().isEmpty());
        assertFalse(udp.internal().nodeLocal(), "no endpoints anywhere: rejected, not dropped");
    }

    private static ServiceBuilder service(String name, String type, String clusterIp) {
        return new ServiceBuilder().withNewMetadata().withNamespace("default").withName(name).endMetadata()
                .withNewSpec().withType(type).withClusterIP(clusterIp)
                .addNewPort().withName("http").withPort(80).withProtocol("TCP").endPort().endSpec();
    }

    private static EndpointSlice slice(String service, String portName, int port,
                                       io.fabric8.kubernetes.api.model.discovery.v1.Endpoint... endpoints) {
        return new EndpointSliceBuilder().withNewMetadata().withNamespace("default").withName(service + "-x")
                .addToLabels(DesiredState.SERVICE_NAME_LABEL, service).endMetadata()
                .withAddressType("IPv4")
                .addNewPort().withName(portName).withPort(port).withProtocol("TCP").endPort()
                .withEndpoints(endpoints).build();
    }

    private static io.fabric8.kubernetes.api.model.discovery.v1.Endpoint endpoint(String ip, String node,
                                                                                 boolean ready, boolean terminating) {
        return new EndpointBuilder().withAddresses(ip).withNodeName(node)
                .withNewConditions().withReady(ready).withServing(ready || terminating).withTerminating(terminating)
                .endConditions().build();
    }
}
