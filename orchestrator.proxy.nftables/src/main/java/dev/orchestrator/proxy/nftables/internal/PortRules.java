package dev.orchestrator.proxy.nftables.internal;

import dev.orchestrator.api.proxy.ProxyState.Destinations;
import dev.orchestrator.api.proxy.ProxyState.Endpoint;
import dev.orchestrator.api.proxy.ProxyState.PortKey;
import dev.orchestrator.api.proxy.ProxyState.ServicePort;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * What one service port puts into the table: its entries (virtual IP, external IPs, node ports
 * on every node address) with their verdicts, the endpoint of each slot, its affinity chains and
 * its hairpin addresses. Computed from the port alone, so that a sync recomputes only the ports
 * that changed. What nft could not take is left out with a problem noted: addresses that are not
 * IPv4, ports out of range, and entries that another service port already holds.
 *
 * @param source the service port these rules were made from
 * @param entries every entry the port holds (dispatched or refused), in order
 * @param dispatch entry → verdict of the {@value TableLayout#ENTRIES} map
 * @param refusals entry → verdict of the {@value TableLayout#NO_ENDPOINTS} map
 * @param backends entry → endpoint per slot, for entries balanced by a pick chain
 * @param picks the pick chains the port's entries jump to
 * @param groups the port's affinity groups
 * @param hairpin the port's local endpoint addresses
 * @param problems what was left out and why
 */
record PortRules(ServicePort source, List<EntryKey> entries, Map<EntryKey, String> dispatch,
                 Map<EntryKey, String> refusals, Map<EntryKey, List<Backend>> backends, List<PickChain> picks,
                 List<AffinityGroup> groups, Set<String> hairpin, List<String> problems) {

    /**
     * The rules of {@code port}; {@code claim} is asked for every entry and says whether the port
     * may hold it (false: another port holds it).
     */
    static PortRules of(ServicePort port, List<String> nodeAddresses, BiPredicate<EntryKey, PortKey> claim) {
        Builder builder = new Builder(port, claim);
        List<EntryKey> internal = new ArrayList<>(1);
        String clusterIp = port.clusterIp();
        if (clusterIp != null && !clusterIp.isEmpty() && !"None".equals(clusterIp)) {
            builder.entry(clusterIp, port.port(), internal);
        }
        List<EntryKey> external = new ArrayList<>(0);
        for (String ip : port.externalIps()) {
            builder.entry(ip, port.port(), external);
        }
        if (port.nodePort() != 0) {
            for (String ip : nodeAddresses) {
                builder.entry(ip, port.nodePort(), external);
            }
        }
        builder.destinations("internal", port.internal(), internal, MasqueradePolicy.OUTSIDE_CLUSTER);
        builder.destinations("external", port.external(), external,
                port.external().nodeLocal() ? MasqueradePolicy.NEVER : MasqueradePolicy.ALWAYS);
        return builder.build();
    }

    /** Set and map elements these rules add, hairpins aside (they are shared). */
    int elementCount() {
        int count = dispatch.size() + refusals.size();
        for (List<Backend> slots : backends.values()) {
            count += slots.size();
        }
        return count;
    }

    private static final class Builder {
        private final ServicePort port;
        private final BiPredicate<EntryKey, PortKey> claim;
        private final List<EntryKey> entries = new ArrayList<>(1);
        private final Map<EntryKey, String> dispatch = new LinkedHashMap<>(2);
        private final Map<EntryKey, String> refusals = new LinkedHashMap<>(0);
        private final Map<EntryKey, List<Backend>> backends = new LinkedHashMap<>(2);
        private final List<PickChain> picks = new ArrayList<>(1);
        private final List<AffinityGroup> groups = new ArrayList<>(0);
        private final Set<String> hairpin = new LinkedHashSet<>(0);
        private final List<String> problems = new ArrayList<>(0);

        Builder(ServicePort port, BiPredicate<EntryKey, PortKey> claim) {
            this.port = port;
            this.claim = claim;
        }

        void entry(String ip, int number, List<EntryKey> into) {
            if (!Ipv4.isAddress(ip) || !Ipv4.isPort(number)) {
                problems.add(port.key() + ": " + ip + ":" + number + " is not an IPv4 address and port; left out");
                return;
            }
            EntryKey key = new EntryKey(ip, port.key().protocol(), number);
            if (entries.contains(key)) {
                problems.add(port.key() + ": " + ip + ":" + number + " listed twice; used once");
                return;
            }
            if (!claim.test(key, port.key())) {
                problems.add(port.key() + ": " + ip + ":" + number + " belongs to another service port; left out");
                return;
            }
            entries.add(key);
            into.add(key);
        }

        void destinations(String kind, Destinations destinations, List<EntryKey> keys, MasqueradePolicy policy) {
            if (keys.isEmpty()) {
                return;
            }
            List<Backend> valid = valid(destinations);
            if (valid.isEmpty()) {
                String verdict = destinations.nodeLocal() ? "drop" : "goto " + TableLayout.REFUSE;
                keys.forEach(key -> refusals.put(key, verdict));
            } else if (port.affinitySeconds() > 0) {
                AffinityGroup group = AffinityGroup.of(port.key(), kind, port.affinitySeconds(), policy, valid);
                groups.add(group);
                keys.forEach(key -> dispatch.put(key, "goto " + group.chain()));
            } else {
                PickChain pick = new PickChain(valid.size(), policy);
                picks.add(pick);
                String verdict = pick.verdict();
                for (EntryKey key : keys) {
                    dispatch.put(key, verdict);
                    backends.put(key, valid);
                }
            }
        }

        /** The valid, distinct endpoints; local ones also go into the hairpin set. */
        private List<Backend> valid(Destinations destinations) {
            List<Endpoint> endpoints = destinations.endpoints();
            Set<Backend> valid = new LinkedHashSet<>(endpoints.size() * 2);
            for (Endpoint endpoint : endpoints) {
                if (!Ipv4.isAddress(endpoint.ip()) || !Ipv4.isPort(endpoint.port())) {
                    problems.add(port.key() + ": endpoint " + endpoint.ip() + ":" + endpoint.port()
                            + " is not an IPv4 address and port; left out");
                } else if (valid.add(new Backend(endpoint.ip(), endpoint.port())) && endpoint.local()) {
                    hairpin.add(endpoint.ip());
                }
            }
            return List.copyOf(valid);
        }

        PortRules build() {
            return new PortRules(port, List.copyOf(entries), dispatch, refusals, backends, List.copyOf(picks),
                    List.copyOf(groups), hairpin, List.copyOf(problems));
        }
    }
}
