package dev.orchestrator.proxy.nftables.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The transaction that rewrites the whole table: create it if missing (so that the delete cannot
 * fail), delete it with everything in it, and create it again from the port table. nft applies
 * the file atomically: packets see the old table or the new one, never a half-written one.
 */
final class FullScript {

    private FullScript() {
    }

    static String write(NftablesSettings settings, PortTable table) {
        return write(settings, table, Map.of());
    }

    /**
     * @param remembered clients of affinity sets before the rewrite, by set name (see
     *        {@link AffinityMemory}); put back into the sets of the same name
     */
    static String write(NftablesSettings settings, PortTable table,
                        Map<String, List<AffinityMemory.Client>> remembered) {
        int mark = settings.masqueradeMark();
        NftScript script = new NftScript(settings.qualifiedTable());
        script.addTable().deleteTable().addTable();
        TableLayout.addFixed(script, mark);
        int slotCount = table.slotCount();
        for (int i = 0; i < slotCount; i++) {
            TableLayout.addSlot(script, i);
        }
        for (PickChain pick : table.pickUses().keySet()) {
            addPick(script, pick, mark);
        }
        for (PortRules port : table.ports()) {
            port.groups().forEach(group -> addAffinityGroup(script, group, mark, remembered));
        }
        script.addElements(TableLayout.CLUSTER_CIDRS, table.clusterCidrs());
        script.addElements(TableLayout.HAIRPIN, hairpinElements(table.hairpinUses().keySet()));
        script.addElements(TableLayout.ENTRIES, text -> table.ports().forEach(port -> port.dispatch().forEach(
                (entry, verdict) -> element(text, entry).append(" : ").append(verdict).append(",\n"))));
        script.addElements(TableLayout.NO_ENDPOINTS, text -> table.ports().forEach(port -> port.refusals().forEach(
                (entry, verdict) -> element(text, entry).append(" : ").append(verdict).append(",\n"))));
        // one pass over the ports fills every slot's list
        List<StringBuilder> slots = new ArrayList<>(slotCount);
        for (int i = 0; i < slotCount; i++) {
            slots.add(new StringBuilder());
        }
        for (PortRules port : table.ports()) {
            port.backends().forEach((entry, backends) -> {
                for (int i = 0; i < backends.size(); i++) {
                    Backend backend = backends.get(i);
                    element(slots.get(i), entry).append(" : ").append(backend.ip()).append(" . ")
                            .append(backend.port()).append(",\n");
                }
            });
        }
        for (int i = 0; i < slotCount; i++) {
            StringBuilder slot = slots.get(i);
            script.addElements(TableLayout.slot(i), text -> text.append(slot));
        }
        return script.toString();
    }

    static void addPick(NftScript script, PickChain pick, int mark) {
        script.addChain(pick.name());
        pick.rules(mark).forEach(rule -> script.addRule(pick.name(), rule));
    }

    /** Adds a group's endpoint sets and chains, then the group chain that jumps to them. */
    static void addAffinityGroup(NftScript script, AffinityGroup group, int mark,
                                 Map<String, List<AffinityMemory.Client>> remembered) {
        for (Backend backend : group.backends()) {
            addAffinityEndpoint(script, group, backend);
            List<AffinityMemory.Client> clients = remembered.getOrDefault(group.endpointChain(backend), List.of());
            script.addElements(group.endpointChain(backend), clients.stream()
                    .map(client -> client.ip() + " expires " + client.expiresSeconds() + "s").toList());
        }
        script.addChain(group.chain());
        group.rules(mark).forEach(rule -> script.addRule(group.chain(), rule));
    }

    static void addAffinityEndpoint(NftScript script, AffinityGroup group, Backend backend) {
        String name = group.endpointChain(backend);
        script.addSet("set", name, group.setSpec());
        script.addChain(name).addRule(name, group.endpointRule(backend));
    }

    private static StringBuilder element(StringBuilder text, EntryKey entry) {
        return text.append("  ").append(entry.ip()).append(" . ").append(EntryKey.keyword(entry.protocol()))
                .append(" . ").append(entry.port());
    }

    /** The element of the {@value TableLayout#HAIRPIN} set for each local endpoint address. */
    static List<String> hairpinElements(Iterable<String> ips) {
        List<String> elements = new ArrayList<>();
        ips.forEach(ip -> elements.add(ip + " . " + ip));
        return elements;
    }
}
