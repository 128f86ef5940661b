package dev.orchestrator.proxy.nftables.internal;

import dev.orchestrator.api.proxy.ProxyState.PortKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a {@link PortTable} changes in one sync: the service ports whose rules change (before or
 * after is {@code null} for a port that comes or goes), and the new cluster ranges. Computed
 * without touching the table, applied to it only once nft has accepted the change.
 *
 * @param changes the ports whose rules change, in the state's order (removed ones last)
 * @param clusterCidrs the cluster ranges after the sync
 * @param nodeAddresses the node addresses after the sync
 * @param denied ports that were refused an entry another port holds (tried again every sync)
 * @param problems what the changed ports and the state left out
 */
record TableDelta(List<Change> changes, List<String> clusterCidrs, List<String> nodeAddresses, Set<PortKey> denied,
                  List<String> problems) {

    /** One port's rules before and after. */
    record Change(PortKey key, PortRules before, PortRules after) {
    }

    /** How the use count of each pick chain changes. */
    Map<PickChain, Integer> pickUseChanges() {
        Map<PickChain, Integer> uses = new HashMap<>();
        for (Change change : changes) {
            if (change.before() != null) {
                change.before().picks().forEach(pick -> uses.merge(pick, -1, Integer::sum));
            }
            if (change.after() != null) {
                change.after().picks().forEach(pick -> uses.merge(pick, 1, Integer::sum));
            }
        }
        return uses;
    }

    /** How the use count of each hairpin address changes. */
    Map<String, Integer> hairpinUseChanges() {
        Map<String, Integer> uses = new HashMap<>();
        for (Change change : changes) {
            if (change.before() != null) {
                change.before().hairpin().forEach(ip -> uses.merge(ip, -1, Integer::sum));
            }
            if (change.after() != null) {
                change.after().hairpin().forEach(ip -> uses.merge(ip, 1, Integer::sum));
            }
        }
        return uses;
    }
}
