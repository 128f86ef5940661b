package dev.orchestrator.proxy.iptables.internal;

import dev.orchestrator.api.proxy.ProxyState;
import dev.orchestrator.api.proxy.ProxyState.PortKey;
import dev.orchestrator.api.proxy.ProxyState.ServicePort;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Renders a whole desired state: each service port through {@link ServicePortRules}, then the
 * shared chains that gather their rules, and names the jumps from the built-in chains that lead
 * into them.
 */
final class TopLevelRules {

    private final ChainNames names;
    private final ServicePortRules portRules;
    private final String mark;
    private final String unmark;

    TopLevelRules(ChainNames names, IptablesSettings settings) {
        this.names = names;
        this.portRules = new ServicePortRules(names);
        this.mark = settings.masqueradeMark();
        this.unmark = "0x" + Long.toHexString(~(1L << settings.masqueradeBit()) & 0xffffffffL);
    }

    /** @throws IllegalArgumentException when the state holds something that cannot be written safely */
    RuleSet render(ProxyState state) {
        return render(state, Map.of(), null);
    }

    /**
     * Renders {@code state}, taking the rules of every service port that equals its previous
     * version from {@code previous} instead of rendering it again (rendering is a pure function
     * of the port; at 10,000 ports it is most of a partial sync's time otherwise).
     *
     * @param previous the rules rendered from {@code previousPorts}, or null
     * @throws IllegalArgumentException when the state holds something that cannot be written safely
     */
    RuleSet render(ProxyState state, Map<PortKey, ServicePort> previousPorts, RuleSet previous) {
        Map<PortKey, PortRules> ports = new LinkedHashMap<>();
        // The top-level chains are gathered again only when something in them can have changed: a
        // port came or went, a port's rules for them changed, or the node addresses or cluster CIDRs
        // did. An endpoint change then costs no pass over 10,000 ports' rules.
        boolean sameTop = previous != null && previous.ports().size() == state.services().size()
                && previous.nodeAddresses().equals(state.nodeAddresses())
                && previous.clusterCidrs().equals(state.clusterCidrs());
        for (ServicePort sp : state.services()) {
            PortRules before = previous == null ? null : previous.ports().get(sp.key());
            PortRules now = before != null && sp.equals(previousPorts.get(sp.key())) ? before : portRules.render(sp);
            sameTop = sameTop && before != null && (now == before || now.sameTopLevelRules(before));
            ports.put(sp.key(), now);
        }
        if (sameTop && ports.size() == state.services().size()) {
            return new RuleSet(ports, previous.topChains(), state.nodeAddresses(), state.clusterCidrs());
        }
        Map<Table, Map<String, List<String>>> top = new EnumMap<>(Table.class);
        top.put(Table.FILTER, filterChains(ports, state.nodeAddresses()));
        top.put(Table.NAT, natChains(ports, state.nodeAddresses(), state.clusterCidrs()));
        return new RuleSet(ports, top, state.nodeAddresses(), state.clusterCidrs());
    }

    /**
     * The shared chains that a partial sync patches rule by rule instead of rewriting, per table,
     * each with the number of rules at its head that new rules must go after.
     */
    Map<Table, Map<String, Integer>> patchable() {
        return Map.of(Table.FILTER, Map.of(names.services(), 0, names.nodePorts(), 0),
                Table.NAT, Map.of(names.services(), 1, names.nodePorts(), 0));
    }

    private Map<String, List<String>> natChains(Map<PortKey, PortRules> ports, List<String> nodeAddresses,
                                                List<String> clusterCidrs) {
        Map<String, List<String>> chains = new LinkedHashMap<>();
        // Traffic from outside the cluster CIDRs is marked for masquerading once, at the head, and
        // the mark is taken back at the tail from what no service took (a packet that a service
        // took was DNATed and left the chain). Marking in each service chain instead would put
        // 4 more rules per service on the kernel's validation walk (see ServicePortRules).
        List<String> services = new ArrayList<>();
        services.add("-j " + names.masqNonCluster());
        services.addAll(gather(ports, PortRules::natServices, nodeAddresses));
        services.add("-m comment --comment \"no service\" -j MARK --and-mark " + unmark);
        chains.put(names.services(), services);
        chains.put(names.nodePorts(), gather(ports, PortRules::natNodePorts, List.of()));
        chains.put(names.markMasq(), List.of("-j MARK --or-mark " + mark));
        List<String> nonCluster = new ArrayList<>();
        for (String cidr : clusterCidrs) {
            nonCluster.add("-s " + ServicePortRules.cidr(cidr) + " -j RETURN");
        }
        nonCluster.add("-j " + names.markMasq());
        chains.put(names.masqNonCluster(), nonCluster);
        chains.put(names.postrouting(), List.of(
                "-m mark ! --mark " + mark + "/" + mark + " -j RETURN",
                // Clear the bit before masquerading so that it does not leak into whatever else
                // looks at the mark (another proxy, a tunnel).
                "-j MARK --xor-mark " + mark,
                "-m comment --comment \"masquerade service traffic\" -j MASQUERADE"));
        return chains;
    }

    private Map<String, List<String>> filterChains(Map<PortKey, PortRules> ports, List<String> nodeAddresses) {
        Map<String, List<String>> chains = new LinkedHashMap<>();
        chains.put(names.services(), gather(ports, PortRules::filterServices, nodeAddresses));
        chains.put(names.nodePorts(), gather(ports, PortRules::filterNodePorts, List.of()));
        return chains;
    }

    /** The ports' rules for one shared chain, then (for the services chains) the way to the node ports. */
    private List<String> gather(Map<PortKey, PortRules> ports, Function<PortRules, List<String>> part,
                                List<String> nodeAddresses) {
        List<String> rules = new ArrayList<>();
        ports.values().forEach(p -> rules.addAll(part.apply(p)));
        for (String address : nodeAddresses) {
            rules.add("-d " + ServicePortRules.address(address) + "/32 -m comment --comment \"node ports\" -j "
                    + names.nodePorts());
        }
        return rules;
    }

    /** The jumps from built-in chains into the proxy's chains, each added once and removed on cleanup. */
    List<Jump> jumps() {
        String portals = "-m comment --comment \"orchestrator service portals\" -j " + names.services();
        String fresh = "-m conntrack --ctstate NEW " + portals;
        return List.of(
                new Jump(Table.NAT, "PREROUTING", portals, names.services()),
                new Jump(Table.NAT, "OUTPUT", portals, names.services()),
                new Jump(Table.NAT, "POSTROUTING",
                        "-m comment --comment \"orchestrator service masquerade\" -j " + names.postrouting(),
                        names.postrouting()),
                new Jump(Table.FILTER, "INPUT", fresh, names.services()),
                new Jump(Table.FILTER, "FORWARD", fresh, names.services()),
                new Jump(Table.FILTER, "OUTPUT", fresh, names.services()));
    }

    /**
     * A rule in a built-in chain that leads into one of the proxy's chains.
     *
     * @param rule the rule body (without {@code -I <chain>})
     * @param target the owned chain it jumps to
     */
    record Jump(Table table, String builtin, String rule, String target) {
    }
}
