package dev.orchestrator.controllers.internal.endpoints;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What to write so that a Service's EndpointSlices hold its endpoints: each group of endpoints
 * (one port list) cut into slices of at most {@code max}; the existing slices of a port list are
 * reused in name order (updated only when what they hold differs), the rest created or deleted.
 * Differences are judged on the fields this controller sets, never on whatever else the API adds,
 * so that writing a slice can never make the next reconcile write it again.
 */
record SlicePlan(List<Slice> creates, List<Slice> updates, List<EndpointSlice> deletes) {

    /** The content of one slice; {@code existing} is null for a slice to create. */
    record Slice(EndpointSlice existing, List<EndpointPort> ports, List<Endpoint> endpoints) {
    }

    static SlicePlan of(Map<List<EndpointPort>, List<Endpoint>> groups, List<EndpointSlice> existing, int max) {
        List<Slice> creates = new ArrayList<>();
        List<Slice> updates = new ArrayList<>();
        List<EndpointSlice> unused = new ArrayList<>(existing);
        unused.sort(Comparator.comparing(s -> s.getMetadata().getName()));
        for (Map.Entry<List<EndpointPort>, List<Endpoint>> group : groups.entrySet()) {
            String ports = portsSignature(group.getKey());
            List<EndpointSlice> candidates = unused.stream().filter(s -> portsSignature(s.getPorts()).equals(ports))
                    .collect(Collectors.toCollection(ArrayList::new));
            List<Endpoint> endpoints = group.getValue();
            for (int from = 0; from < endpoints.size(); from += max) {
                List<Endpoint> chunk = endpoints.subList(from, Math.min(endpoints.size(), from + max));
                if (candidates.isEmpty()) {
                    creates.add(new Slice(null, group.getKey(), chunk));
                    continue;
                }
                EndpointSlice reused = candidates.remove(0);
                unused.remove(reused);
                if (!endpointsSignature(reused.getEndpoints()).equals(endpointsSignature(chunk))) {
                    updates.add(new Slice(reused, group.getKey(), chunk));
                }
            }
        }
        // A Service without endpoints keeps one empty slice (as Kubernetes does), so clients see it is known.
        if (groups.isEmpty()) {
            if (unused.isEmpty()) {
                creates.add(new Slice(null, List.of(), List.of()));
            } else {
                EndpointSlice kept = unused.remove(0);
                if (!kept.getEndpoints().isEmpty() || !kept.getPorts().isEmpty()) {
                    updates.add(new Slice(kept, List.of(), List.of()));
                }
            }
        }
        return new SlicePlan(creates, updates, unused);
    }

    static String portsSignature(List<EndpointPort> ports) {
        return ports.stream().map(p -> p.getName() + "/" + p.getProtocol() + "/" + p.getPort() + "/" + p.getAppProtocol())
                .sorted().collect(Collectors.joining(";"));
    }

    static String endpointsSignature(List<Endpoint> endpoints) {
        return endpoints.stream().map(SlicePlan::signature).sorted().collect(Collectors.joining(";"));
    }

    private static String signature(Endpoint e) {
        var c = e.getConditions();
        var t = e.getTargetRef();
        return String.join(",", e.getAddresses()) + "|" + (c == null ? "" : c.getReady() + "/" + c.getServing() + "/"
                + c.getTerminating()) + "|" + e.getNodeName() + "|" + e.getHostname() + "|" + (t == null ? "" : t.getName() + "/" + t.getUid());
    }
}
