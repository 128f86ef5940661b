package dev.orchestrator.controllers.internal.endpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceEndpointsTest {

    private static Service service(boolean publishNotReady) {
        return new ServiceBuilder().withNewMetadata().withNamespace("default").withName("web").endMetadata()
                .withNewSpec().withSelector(Map.of("app", "web")).withPublishNotReadyAddresses(publishNotReady)
                    .addNewPort().withName("http").withPort(80).withTargetPort(new IntOrString("web")).withProtocol("TCP").endPort()
                .endSpec().build();
    }

    /** A pod with an IP, ready or not, whose container calls port {@code webPort} "web" (0: no such port). */
    private static Pod pod(String name, boolean ready, int webPort, boolean terminating, String phase) {
        PodBuilder b = new PodBuilder().withNewMetadata().withNamespace("default").withName(name).withUid("uid-" + name)
                .withLabels(Map.of("app", "web")).withDeletionTimestamp(terminating ? "2026-01-01T00:00:00Z" : null).endMetadata()
                .withNewSpec().withNodeName("n1").addNewContainer().withName("main").endContainer().endSpec()
                .withNewStatus().withPhase(phase).withPodIP("10.0.0." + name.length()).addNewCondition().withType("Ready")
                    .withStatus(ready ? "True" : "False").endCondition().endStatus();
        if (webPort > 0) {
            b.editSpec().editFirstContainer().addNewPort().withName("web").withContainerPort(webPort).endPort()
                    .endContainer().endSpec();
        }
        return b.build();
    }

    @Test
    void conditionsFollowReadinessAndTermination() {
        List<Pod> pods = List.of(pod("a", true, 8080, false, "Running"), pod("bb", false, 8080, false, "Running"),
                pod("ccc", true, 8080, true, "Running"), pod("dddd", true, 8080, false, "Succeeded"));
        Map<List<EndpointPort>, List<Endpoint>> groups = ServiceEndpoints.of(service(false), pods);
        assertEquals(1, groups.size());
        List<Endpoint> endpoints = groups.values().iterator().next();
        assertEquals(List.of("a", "bb", "ccc"), endpoints.stream().map(e -> e.getTargetRef().getName()).toList(),
                "the finished pod has no endpoint");
        assertEquals(List.of(true, false, false), endpoints.stream().map(e -> e.getConditions().getReady()).toList());
        assertEquals(List.of(true, false, true), endpoints.stream().map(e -> e.getConditions().getServing()).toList());
        assertEquals(List.of(false, false, true), endpoints.stream().map(e -> e.getConditions().getTerminating()).toList());
        EndpointPort port = groups.keySet().iterator().next().get(0);
        assertEquals("http", port.getName());
        assertEquals(8080, port.getPort(), "the named target port resolved in the pod");

        var subsets = EndpointsSubsets.of(groups);
        assertEquals(1, subsets.size());
        assertEquals(List.of("10.0.0.1"), subsets.get(0).getAddresses().stream().map(a -> a.getIp()).toList());
        assertEquals(List.of("10.0.0.2"), subsets.get(0).getNotReadyAddresses().stream().map(a -> a.getIp()).toList(),
                "the terminating pod is in neither list");

        List<Endpoint> published = ServiceEndpoints.of(service(true), pods).values().iterator().next();
        assertEquals(List.of(true, true, true), published.stream().map(e -> e.getConditions().getReady()).toList());
    }

    @Test
    void aPodNamedUnderTheServiceBySubdomainCarriesItsHostname() {
        Pod named = new PodBuilder(pod("a", true, 8080, false, "Running")).editSpec().withHostname("db-0")
                .withSubdomain("web").endSpec().build();
        Pod elsewhere = new PodBuilder(pod("bb", true, 8080, false, "Running")).editSpec().withHostname("db-1")
                .withSubdomain("other").endSpec().build();
        var groups = ServiceEndpoints.of(service(false), List.of(named, elsewhere));
        List<Endpoint> endpoints = groups.values().iterator().next();
        assertEquals(java.util.Arrays.asList("db-0", null), endpoints.stream().map(Endpoint::getHostname).toList());
        assertEquals("db-0", EndpointsSubsets.of(groups).get(0).getAddresses().get(0).getHostname());
    }

    @Test
    void podsWhoseNamedPortsDifferGoToDifferentSlices() {
        List<Pod> pods = List.of(pod("a", true, 8080, false, "Running"), pod("bb", true, 9090, false, "Running"),
                pod("ccc", true, 0, false, "Running"));
        Map<List<EndpointPort>, List<Endpoint>> groups = ServiceEndpoints.of(service(false), pods);
        assertEquals(3, groups.size(), groups.keySet().toString());
        assertEquals(List.of(List.of(8080), List.of(9090), List.of()), groups.keySet().stream()
                .map(ports -> ports.stream().map(EndpointPort::getPort).toList()).sorted((x, y) -> x.toString()
                        .compareTo(y.toString())).toList());
    }

    @Test
    void slicesAreCutAtTheMaximumAndReusedWhenUnchanged() {
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            pods.add(pod("p" + "x".repeat(i % 3) + i, true, 8080, false, "Running"));
        }
        Map<List<EndpointPort>, List<Endpoint>> groups = ServiceEndpoints.of(service(false), pods);
        SlicePlan first = SlicePlan.of(groups, List.of(), 100);
        assertEquals(List.of(100, 100, 50), first.creates().stream().map(s -> s.endpoints().size()).toList());

        List<EndpointSlice> existing = new ArrayList<>();
        for (int i = 0; i < first.creates().size(); i++) {
            SlicePlan.Slice s = first.creates().get(i);
            existing.add(new EndpointSliceBuilder().withNewMetadata().withName("web-" + i).endMetadata()
                    .withEndpoints(s.endpoints()).withPorts(s.ports()).build());
        }
        SlicePlan again = SlicePlan.of(groups, existing, 100);
        assertEquals(0, again.creates().size() + again.updates().size() + again.deletes().size(), "nothing changed");

        SlicePlan fewer = SlicePlan.of(ServiceEndpoints.of(service(false), pods.subList(0, 120)), existing, 100);
        assertEquals(0, fewer.creates().size());
        assertEquals(120, fewer.updates().stream().mapToInt(s -> s.endpoints().size()).sum()
                + (fewer.updates().stream().anyMatch(s -> s.existing().getMetadata().getName().equals("web-0")) ? 0 : 100));
        assertEquals(List.of("web-2"), fewer.deletes().stream().map(s -> s.getMetadata().getName()).toList());

        SlicePlan none = SlicePlan.of(Map.of(), existing, 100);
        assertEquals(1, none.updates().size(), "one empty slice stays");
        assertEquals(2, none.deletes().size());
    }
}
