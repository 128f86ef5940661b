package dev.orchestrator.proxy.nftables.internal;

import dev.orchestrator.api.proxy.ProxyState;
import dev.orchestrator.api.proxy.ProxyState.PortKey;
import dev.orchestrator.api.proxy.ProxyState.Protocol;
import dev.orchestrator.api.proxy.ProxyState.ServicePort;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * The variable part of the proxy's table as this instance last programmed it: the rules of every
 * service port, which port holds each entry, and how many ports use each pick chain and hairpin
 * address (shared objects go when their last user goes). A sync computes a {@link TableDelta}
 * against it — recomputing only the ports that differ from the state — and applies the delta
 * once nft accepted it, so one changed endpoint among 10,000 services costs a scan for equality,
 * not a rebuild. Not thread-safe: the proxy syncs one at a time.
 *
 * <p>An entry claimed by two service ports goes to the one that held it already, or to the
 * first in the state's order when neither did; the other is tried again at every sync.
 */
final class PortTable {

    /** The owner of an entry released in a delta (no real port has an empty name). */
    private static final PortKey RELEASED = new PortKey("", "", "", Protocol.TCP);

    private final Map<PortKey, PortRules> ports = new LinkedHashMap<>();
    private final Map<EntryKey, PortKey> owners = new HashMap<>();
    private final TreeMap<PickChain, Integer> pickUses = new TreeMap<>();
    private final Map<String, Integer> hairpinUses = new LinkedHashMap<>();
    private List<String> clusterCidrs = List.of();
    private List<String> nodeAddresses = List.of();
    private Set<PortKey> denied = Set.of();
    private long portElements;

    /** A table holding exactly {@code state}. */
    static PortTable of(ProxyState state) {
        PortTable table = new PortTable();
        table.apply(table.delta(state));
        return table;
    }

    /** What must change for this table to hold {@code state}; the table itself does not change. */
    TableDelta delta(ProxyState state) {
        List<String> problems = new ArrayList<>();
        List<String> nodes = valid("node address", state.nodeAddresses(), Ipv4::isAddress, problems);
        List<String> cidrs = valid("cluster CIDR", state.clusterCidrs(), Ipv4::isCidr, problems);
        Scan scan = scan(state, !nodes.equals(nodeAddresses), problems);
        Map<EntryKey, PortKey> claims = new HashMap<>();
        scan.changed().forEach(port -> release(port.key(), claims));
        scan.removed().forEach(key -> release(key, claims));
        Set<PortKey> deniedNow = new HashSet<>();
        BiPredicate<EntryKey, PortKey> claim = (entry, key) -> {
            PortKey owner = claims.containsKey(entry) ? claims.get(entry) : owners.get(entry);
            if (owner != null && owner != RELEASED) {
                deniedNow.add(key);
                return false;
            }
            claims.put(entry, key);
            return true;
        };
        List<TableDelta.Change> changes = new ArrayList<>(scan.changed().size() + scan.removed().size());
        for (ServicePort port : scan.changed()) {
            PortRules before = ports.get(port.key());
            PortRules after = PortRules.of(port, nodes, claim);
            problems.addAll(after.problems());
            if (!after.equals(before)) {
                changes.add(new TableDelta.Change(port.key(), before, after));
            }
        }
        scan.removed().forEach(key -> changes.add(new TableDelta.Change(key, ports.get(key), null)));
        return new TableDelta(changes, cidrs, nodes, deniedNow, problems);
    }

    /** The ports of a state that must be recomputed, and the ports of this table it no longer has. */
    private record Scan(List<ServicePort> changed, List<PortKey> removed) {
    }

    private Scan scan(ProxyState state, boolean nodesChanged, List<String> problems) {
        Set<PortKey> seen = new HashSet<>(state.services().size() * 2);
        List<ServicePort> changed = new ArrayList<>();
        int kept = 0;
        for (ServicePort port : state.services()) {
            if (!seen.add(port.key())) {
                problems.add("service port " + port.key() + " listed twice; the first is used");
                continue;
            }
            PortRules before = ports.get(port.key());
            if (before != null) {
                kept++;
            }
            // the caller may hand over the same objects for unchanged ports: identity first
            if (before == null || (before.source() != port && !before.source().equals(port))
                    || denied.contains(port.key()) || (nodesChanged && port.nodePort() != 0)) {
                changed.add(port);
            }
        }
        List<PortKey> removed = new ArrayList<>();
        if (kept < ports.size()) {
            ports.keySet().stream().filter(key -> !seen.contains(key)).forEach(removed::add);
        }
        return new Scan(changed, removed);
    }

    private void release(PortKey key, Map<EntryKey, PortKey> claims) {
        PortRules before = ports.get(key);
        if (before != null) {
            before.entries().forEach(entry -> claims.put(entry, RELEASED));
        }
    }

    /** Makes this table hold what {@code delta} leads to (after nft accepted it). */
    void apply(TableDelta delta) {
        for (TableDelta.Change change : delta.changes()) {
            PortRules before = change.before();
            if (before != null) {
                before.entries().forEach(entry -> owners.remove(entry, change.key()));
                before.picks().forEach(pick -> count(pickUses, pick, -1));
                before.hairpin().forEach(ip -> count(hairpinUses, ip, -1));
                portElements -= before.elementCount();
                if (change.after() == null) {
                    ports.remove(change.key());
                }
            }
        }
        for (TableDelta.Change change : delta.changes()) {
            PortRules after = change.after();
            if (after != null) {
                after.entries().forEach(entry -> owners.put(entry, change.key()));
                after.picks().forEach(pick -> count(pickUses, pick, 1));
                after.hairpin().forEach(ip -> count(hairpinUses, ip, 1));
                portElements += after.elementCount();
                ports.put(change.key(), after);
            }
        }
        clusterCidrs = delta.clusterCidrs();
        nodeAddresses = delta.nodeAddresses();
        denied = Set.copyOf(delta.denied());
    }

    private static <K> void count(Map<K, Integer> uses, K key, int by) {
        uses.merge(key, by, (a, b) -> a + b == 0 ? null : a + b);
    }

    Collection<PortRules> ports() {
        return Collections.unmodifiableCollection(ports.values());
    }

    /** The pick chains in use and by how many ports, in chain order. */
    SortedMap<PickChain, Integer> pickUses() {
        return Collections.unmodifiableSortedMap(pickUses);
    }

    /** The hairpin addresses in use and by how many ports. */
    Map<String, Integer> hairpinUses() {
        return Collections.unmodifiableMap(hairpinUses);
    }

    /** How many slot chains and maps the pick chains need. */
    int slotCount() {
        return slotCount(pickUses.keySet());
    }

    static int slotCount(Collection<PickChain> picks) {
        int slots = 0;
        for (PickChain pick : picks) {
            slots = Math.max(slots, pick.slots());
        }
        return slots;
    }

    List<String> clusterCidrs() {
        return clusterCidrs;
    }

    List<String> nodeAddresses() {
        return nodeAddresses;
    }

    /** Set and map elements in the table; what the elements gauge reports. */
    long elementCount() {
        return portElements + hairpinUses.size() + clusterCidrs.size();
    }

    private static List<String> valid(String what, List<String> values, Predicate<String> test, List<String> problems) {
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
