package dev.orchestrator.proxy.nftables.internal;

import dev.orchestrator.api.proxy.ProxyState;
import dev.orchestrator.api.proxy.ProxyState.Destinations;
import dev.orchestrator.api.proxy.ProxyState.Endpoint;
import dev.orchestrator.api.proxy.ProxyState.PortKey;
import dev.orchestrator.api.proxy.ProxyState.ServicePort;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a {@link ProxyState} into a {@link RuleModel}. What nft could not take is left out with a
 * problem noted rather than failing the whole sync: addresses that are not IPv4, ports out of
 * range, and an entry (address . protocol . port) claimed by two service ports (the first in the
 * state's order keeps it).
 */
final class RuleModelBuilder {

    private final Map<EntryKey, String> dispatch = new LinkedHashMap<>();
    private final Map<EntryKey, String> refusals = new LinkedHashMap<>();
    private final Map<EntryKey, PortKey> owners = new HashMap<>();
    private final List<Map<EntryKey, Backend>> slots = new ArrayList<>();
    private final TreeSet<PickChain> picks = new TreeSet<>();
    private final Map<String, AffinityGroup> affinity = new LinkedHashMap<>();
    private final Set<String> hairpin = new LinkedHashSet<>();
    private final Map<PortKey, ServicePort> ports = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    private RuleModelBuilder() {
    }

    static RuleModel build(ProxyState state) {
        RuleModelBuilder builder = new RuleModelBuilder();
        List<String> nodeAddresses = builder.valid("node address", state.nodeAddresses(), Ipv4::isAddress);
        List<String> clusterCidrs = builder.valid("cluster CIDR", state.clusterCidrs(), Ipv4::isCidr);
        for (ServicePort port : state.services()) {
            builder.add(port, nodeAddresses);
        }
        return new RuleModel(Collections.unmodifiableMap(builder.dispatch),
                Collections.unmodifiableMap(builder.refusals),
                builder.slots.stream().map(Collections::unmodifiableMap).toList(),
                Collections.unmodifiableSortedSet(builder.picks), Collections.unmodifiableMap(builder.affinity),
                Collections.unmodifiableSet(builder.hairpin), clusterCidrs, nodeAddresses,
                Collections.unmodifiableMap(builder.ports), List.copyOf(builder.problems));
    }

    private void add(ServicePort port, List<String> nodeAddresses) {
        if (ports.putIfAbsent(port.key(), port) != null) {
            problems.add("service port " + port.key() + " listed twice; the first is used");
            return;
        }
        List<EntryKey> internal = new ArrayList<>(1);
        if (port.clusterIp() != null && !port.clusterIp().isEmpty() && !"None".equals(port.clusterIp())) {
            entry(port, port.clusterIp(), port.port(), internal);
        }
        List<EntryKey> external = new ArrayList<>();
        for (String ip : port.externalIps()) {
            entry(port, ip, port.port(), external);
        }
        if (port.nodePort() != 0) {
            for (String ip : nodeAddresses) {
                entry(port, ip, port.nodePort(), external);
            }
        }
        destinations(port, "internal", port.internal(), internal, MasqueradePolicy.OUTSIDE_CLUSTER);
        destinations(port, "external", port.external(), external,
                port.external().nodeLocal() ? MasqueradePolicy.NEVER : MasqueradePolicy.ALWAYS);
    }

    private void entry(ServicePort port, String ip, int number, List<EntryKey> into) {
        if (!Ipv4.isAddress(ip) || !Ipv4.isPort(number)) {
            problems.add(port.key() + ": " + ip + ":" + number + " is not an IPv4 address and port; left out");
            return;
        }
        EntryKey key = new EntryKey(ip, port.key().protocol(), number);
        PortKey owner = owners.putIfAbsent(key, port.key());
        if (owner != null) {
            problems.add(port.key() + ": " + ip + ":" + number + " already belongs to " + owner + "; left out");
            return;
        }
        into.add(key);
    }

    private void destinations(ServicePort port, String kind, Destinations destinations, List<EntryKey> entries,
                              MasqueradePolicy policy) {
        if (entries.isEmpty()) {
            return;
        }
        List<Backend> backends = backends(port, destinations);
        if (backends.isEmpty()) {
            String verdict = destinations.nodeLocal() ? "drop" : "goto " + TableLayout.REFUSE;
            entries.forEach(entry -> refusals.put(entry, verdict));
            return;
        }
        if (port.affinitySeconds() > 0) {
            AffinityGroup group = AffinityGroup.of(port.key(), kind, port.affinitySeconds(), policy, backends);
            affinity.put(group.chain(), group);
            entries.forEach(entry -> dispatch.put(entry, "goto " + group.chain()));
            return;
        }
        PickChain pick = new PickChain(backends.size(), policy);
        picks.add(pick);
        while (slots.size() < backends.size()) {
            slots.add(new LinkedHashMap<>());
        }
        for (EntryKey entry : entries) {
            dispatch.put(entry, "goto " + pick.name());
            for (int i = 0; i < backends.size(); i++) {
                slots.get(i).put(entry, backends.get(i));
            }
        }
    }

    /** The valid, distinct endpoints; local ones also go into the hairpin set. */
    private List<Backend> backends(ServicePort port, Destinations destinations) {
        Set<Backend> backends = new LinkedHashSet<>();
        for (Endpoint endpoint : destinations.endpoints()) {
            if (!Ipv4.isAddress(endpoint.ip()) || !Ipv4.isPort(endpoint.port())) {
                problems.add(port.key() + ": endpoint " + endpoint.ip() + ":" + endpoint.port()
                        + " is not an IPv4 address and port; left out");
                continue;
            }
            if (backends.add(new Backend(endpoint.ip(), endpoint.port())) && endpoint.local()) {
                hairpin.add(endpoint.ip());
            }
        }
        return List.copyOf(backends);
    }

    private List<String> valid(String what, List<String> values, java.util.function.Predicate<String> test) {
        List<String> valid = new ArrayList<>(values.size());
        for (String value : values) {
            if (test.test(value)) {
                valid.add(value);
            } else {
                problems.add(what + " " + value + " is not IPv4; left out");
            }
        }
        return List.copyOf(valid);
    }
}
