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

    TopLevelRules(ChainNames names, IptablesSettings settings) {
        this.names = names;
        this.portRules = new ServicePortRules(names);
        this.mark = settings.masqueradeMark();
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
        for (ServicePort sp : state.services()) {
            PortRules same = previous != null && sp.equals(previousPorts.get(sp.key()))
                    ? previous.ports().get(sp.key()) : null;
            ports.put(sp.key(), same != null ? same : portRules.render(sp));
        }
        Map<Table, Map<String, List<String>>> top = new EnumMap<>(Table.class);
        top.put(Table.FILTER, filterChains(ports, state.nodeAddresses()));
        top.put(Table.NAT, natChains(ports, state.nodeAddresses(), state.clusterCidrs()));
        return new RuleSet(ports, top);
    }

    private Map<String, List<String>> natChains(Map<PortKey, PortRules> ports, List<String> nodeAddresses,
                                                List<String> clusterCidrs) {
        Map<String, List<String>> chains = new LinkedHashMap<>();
        chains.put(names.services(), gather(ports, PortRules::natServices, nodeAddresses));
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
