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
 */
record RuleSet(Map<PortKey, PortRules> ports, Map<Table, Map<String, List<String>>> topChains) {

    RuleSet {
        ports = Collections.unmodifiableMap(new LinkedHashMap<>(ports));
        Map<Table, Map<String, List<String>>> copy = new EnumMap<>(Table.class);
        topChains.forEach((table, chains) -> copy.put(table, Collections.unmodifiableMap(new LinkedHashMap<>(chains))));
        topChains = Collections.unmodifiableMap(copy);
    }

    /** The top-level chains of one table (empty when the table has none). */
    Map<String, List<String>> top(Table table) {
        return topChains.getOrDefault(table, Map.of());
    }

    int chainCount() {
        return topChains.values().stream().mapToInt(Map::size).sum()
                + ports.values().stream().mapToInt(p -> p.natChains().size()).sum();
    }

    /** Rules in owned chains (the shared chains' rules counted once, through the top-level chains). */
    int ruleCount() {
        return topChains.values().stream().flatMap(c -> c.values().stream()).mapToInt(List::size).sum()
                + ports.values().stream().flatMap(p -> p.natChains().values().stream()).mapToInt(List::size).sum();
    }
}
