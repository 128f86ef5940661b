package dev.orchestrator.proxy.iptables.internal;

import dev.orchestrator.api.proxy.ProxyState.PortKey;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every rule the proxy wants in the kernel for one desired state: the chains of each service port
 * and the shared top-level chains per table. The last successfully applied rule set is what a
 * partial sync compares against.
 *
 * @param nodeAddresses the node addresses the top-level chains were rendered for
 * @param clusterCidrs the cluster CIDRs the top-level chains were rendered for
 */
record RuleSet(Map<PortKey, PortRules> ports, Map<Table, Map<String, List<String>>> topChains,
               List<String> nodeAddresses, List<String> clusterCidrs) {

    RuleSet {
        ports = Collections.unmodifiableMap(new LinkedHashMap<>(ports));
        Map<Table, Map<String, List<String>>> copy = new EnumMap<>(Table.class);
        topChains.forEach((table, chains) -> copy.put(table, Collections.unmodifiableMap(new LinkedHashMap<>(chains))));
        topChains = Collections.unmodifiableMap(copy);
        nodeAddresses = List.copyOf(nodeAddresses);
        clusterCidrs = List.copyOf(clusterCidrs);
    }

    /** The top-level chains of one table (empty when the table has none). */
    Map<String, List<String>> top(Table table) {
        return topChains.getOrDefault(table, Map.of());
    }

    // Counted after every sync for the metrics: plain loops, since streams over 10,000 ports cost
    // a partial sync several milliseconds.
    int chainCount() {
        int count = 0;
        for (Map<String, List<String>> chains : topChains.values()) {
            count += chains.size();
        }
        for (PortRules port : ports.values()) {
            count += port.natChains().size();
        }
        return count;
    }

    /** Rules in owned chains (the shared chains' rules counted once, through the top-level chains). */
    int ruleCount() {
        int count = 0;
        for (Map<String, List<String>> chains : topChains.values()) {
            for (List<String> rules : chains.values()) {
                count += rules.size();
            }
        }
        for (PortRules port : ports.values()) {
            for (List<String> rules : port.natChains().values()) {
                count += rules.size();
            }
        }
        return count;
    }
}
