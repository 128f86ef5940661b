package dev.orchestrator.proxy.iptables.internal;

import java.util.List;
import java.util.Map;

/**
 * The rules of one service port: the nat chains it owns (its service, external and endpoint
 * chains) and the rules it contributes to the shared top-level chains. Rules are iptables rule
 * bodies without the leading {@code -A <chain>}. Two renderings are equal exactly when the
 * kernel would need no change, which is what a partial sync compares.
 *
 * @param natChains chains owned by this port, in the order they are written
 * @param natServices rules for the nat services chain (virtual IP and external IPs)
 * @param natNodePorts rules for the nat node-ports chain
 * @param filterServices REJECT/DROP rules for the filter services chain
 * @param filterNodePorts REJECT/DROP rules for the filter node-ports chain
 */
record PortRules(Map<String, List<String>> natChains, List<String> natServices, List<String> natNodePorts,
                 List<String> filterServices, List<String> filterNodePorts) {

    PortRules {
        natChains = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(natChains));
        natServices = List.copyOf(natServices);
        natNodePorts = List.copyOf(natNodePorts);
        filterServices = List.copyOf(filterServices);
        filterNodePorts = List.copyOf(filterNodePorts);
    }

    /** Whether this port contributes the same rules as {@code other} to the shared top-level chains. */
    boolean sameTopLevelRules(PortRules other) {
        return natServices.equals(other.natServices) && natNodePorts.equals(other.natNodePorts)
                && filterServices.equals(other.filterServices) && filterNodePorts.equals(other.filterNodePorts);
    }

    /** How many rules this port has in its own chains and in the shared ones. */
    int ruleCount() {
        return natChains.values().stream().mapToInt(List::size).sum() + natServices.size() + natNodePorts.size()
                + filterServices.size() + filterNodePorts.size();
    }
}
