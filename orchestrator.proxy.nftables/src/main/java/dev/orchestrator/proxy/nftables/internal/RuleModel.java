package dev.orchestrator.proxy.nftables.internal;

import dev.orchestrator.api.proxy.ProxyState.PortKey;
import dev.orchestrator.api.proxy.ProxyState.ServicePort;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;

/**
 * Everything variable in the proxy's table, computed from one {@link dev.orchestrator.api.proxy.ProxyState}
 * (see {@link RuleModelBuilder}); the fixed part is {@link TableLayout}. The model of the last
 * successful sync is what the next partial sync is compared with. Immutable; collections keep the
 * order of the state, so the same state always gives the same script.
 *
 * @param dispatch entry → verdict of the {@value TableLayout#ENTRIES} map ({@code goto pick-2-vip})
 * @param refusals entry → verdict of the {@value TableLayout#NO_ENDPOINTS} map ({@code goto refuse},
 *        {@code drop})
 * @param slots per slot index, entry → endpoint
 * @param picks the pick chains the dispatch map jumps to
 * @param affinity the chains of session-affinity services, by group chain name
 * @param hairpin local endpoint addresses, whose connections to themselves are masqueraded
 * @param clusterCidrs the pod ranges (traffic to a virtual IP from elsewhere is masqueraded)
 * @param nodeAddresses the addresses node ports answer on
 * @param ports the service ports this model was built from, by key
 * @param problems what was left out of the state and why (bad addresses, clashing entries)
 */
record RuleModel(Map<EntryKey, String> dispatch, Map<EntryKey, String> refusals, List<Map<EntryKey, Backend>> slots,
                 SortedSet<PickChain> picks, Map<String, AffinityGroup> affinity, Set<String> hairpin,
                 List<String> clusterCidrs, List<String> nodeAddresses, Map<PortKey, ServicePort> ports,
                 List<String> problems) {

    /** Set and map elements in the table; what the elements gauge reports. */
    long elementCount() {
        long count = dispatch.size() + refusals.size() + hairpin.size() + clusterCidrs.size();
        for (Map<EntryKey, Backend> slot : slots) {
            count += slot.size();
        }
        return count;
    }

    /** A slot's map, empty when this model has fewer slots. */
    Map<EntryKey, Backend> slot(int index) {
        return index < slots.size() ? slots.get(index) : Map.of();
    }

    /** The element of the {@value TableLayout#HAIRPIN} set for an endpoint address. */
    static String hairpinElement(String ip) {
        return ip + " . " + ip;
    }
}
