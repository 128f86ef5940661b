package dev.orchestrator.apiserver.internal;

import static dev.orchestrator.apiserver.internal.WritePath.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiServerEndpointsTest {

    private WritePath path;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-04T10:00:00Z"));

    @BeforeEach
    void setUp() throws Exception {
        path = new WritePath();
        path.writes.create(path.type("", "v1", "namespaces"), null, json("{'metadata':{'name':'kube-system'}}"), false);
    }

    @AfterEach
    void tearDown() throws Exception {
        path.close();
    }

    private ApiServerEndpoints server(String address) {
        return new ApiServerEndpoints(path.storage, path.writes, path.registry, address, 6443, clock);
    }

    @Test
    void publishesItsAddressAsTheKubernetesServicesEndpointAndSlice() {
        server("10.244.0.1").reconcile();

        ObjectNode endpoints = path.storage.get(path.type("", "v1", "endpoints"), "default", "kubernetes").orElseThrow();
        assertEquals("10.244.0.1", endpoints.at("/subsets/0/addresses/0/ip").asText());
        assertEquals(6443, endpoints.at("/subsets/0/ports/0/port").asInt());
        assertEquals("https", endpoints.at("/subsets/0/ports/0/name").asText());
        ObjectNode slice = slice();
        assertEquals("kubernetes", slice.at("/metadata/labels/kubernetes.io~1service-name").asText());
        assertEquals(List.of("10.244.0.1"), sliceAddresses());
        assertEquals(6443, slice.at("/ports/0/port").asInt());
    }

    @Test
    void listsEveryMasterWithACurrentLeaseAndDropsOneWhoseLeaseRanOut() {
        ApiServerEndpoints first = server("10.244.0.1");
        ApiServerEndpoints second = server("10.244.0.2");
        first.reconcile();
        second.reconcile();
        first.reconcile();
        assertEquals(List.of("10.244.0.1", "10.244.0.2"), sliceAddresses());

        clock.advance(Duration.ofSeconds(ApiServerEndpoints.LEASE_SECONDS + 5)); // the second stops renewing
        first.reconcile();
        assertEquals(List.of("10.244.0.1"), sliceAddresses());
    }

    @Test
    void leavesTheObjectsAloneWhileNothingChanges() {
        ApiServerEndpoints server = server("10.244.0.1");
        server.reconcile();
        String version = slice().at("/metadata/resourceVersion").asText();
        server.reconcile();
        assertEquals(version, slice().at("/metadata/resourceVersion").asText());
    }

    private ObjectNode slice() {
        return path.storage.get(path.type("discovery.k8s.io", "v1", "endpointslices"), "default", "kubernetes")
                .orElseThrow();
    }

    private List<String> sliceAddresses() {
        List<String> addresses = new ArrayList<>();
        for (JsonNode endpoint : slice().path("endpoints")) {
            endpoint.path("addresses").forEach(a -> addresses.add(a.asText()));
        }
        return addresses;
    }
}
