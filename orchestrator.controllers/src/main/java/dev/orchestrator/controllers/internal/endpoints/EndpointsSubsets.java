package dev.orchestrator.controllers.internal.endpoints;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The core/v1 Endpoints of a Service, mirrored from its endpoints for clients that predate
 * EndpointSlices: one subset per port list, ready endpoints as {@code addresses}, the others that
 * are not terminating as {@code notReadyAddresses}.
 */
final class EndpointsSubsets {

    private EndpointsSubsets() {
    }

    static List<EndpointSubset> of(Map<List<EndpointPort>, List<Endpoint>> groups) {
        List<EndpointSubset> subsets = new ArrayList<>();
        groups.forEach((ports, endpoints) -> {
            List<EndpointAddress> ready = new ArrayList<>();
            List<EndpointAddress> notReady = new ArrayList<>();
            for (Endpoint e : endpoints) {
                if (Boolean.TRUE.equals(e.getConditions().getReady())) {
                    ready.add(address(e));
                } else if (!Boolean.TRUE.equals(e.getConditions().getTerminating())) {
                    notReady.add(address(e));
                }
            }
            if (ready.isEmpty() && notReady.isEmpty()) {
                return;
            }
            subsets.add(new EndpointSubsetBuilder().withAddresses(ready).withNotReadyAddresses(notReady)
                    .withPorts(ports.stream().map(p -> new EndpointPortBuilder().withName(p.getName().isEmpty() ? null : p.getName())
                            .withPort(p.getPort()).withProtocol(p.getProtocol()).withAppProtocol(p.getAppProtocol()).build())
                            .toList())
                    .build());
        });
        return subsets;
    }

    private static EndpointAddress address(Endpoint e) {
        var ref = e.getTargetRef();
        return new EndpointAddressBuilder().withIp(e.getAddresses().get(0)).withNodeName(e.getNodeName())
                .withHostname(e.getHostname())
                .withTargetRef(new ObjectReferenceBuilder().withKind(ref.getKind()).withName(ref.getName())
                        .withNamespace(ref.getNamespace()).withUid(ref.getUid()).build())
                .build();
    }

    /** What the subsets hold, in the fields this controller sets. */
    static String signature(List<EndpointSubset> subsets) {
        return subsets.stream().map(s -> s.getAddresses().stream().map(a -> a.getIp() + "@" + a.getNodeName() + "#" + a.getHostname()).sorted()
                        .collect(Collectors.joining(",")) + "|" + s.getNotReadyAddresses().stream().map(EndpointAddress::getIp)
                        .sorted().collect(Collectors.joining(",")) + "|" + s.getPorts().stream()
                        .map(p -> p.getName() + "/" + p.getProtocol() + "/" + p.getPort()).sorted()
                        .collect(Collectors.joining(",")))
                .sorted().collect(Collectors.joining(";"));
    }
}
