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
        List<String> entries = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        List<List<String>> slots = new ArrayList<>(slotCount);
        for (int i = 0; i < slotCount; i++) {
            slots.add(new ArrayList<>());
        }
        for (PortRules port : table.ports()) {
            port.groups().forEach(group -> addAffinityGroup(script, group, mark));
            port.dispatch().forEach((entry, verdict) -> entries.add(entry.nft() + " : " + verdict));
            port.refusals().forEach((entry, verdict) -> refusals.add(entry.nft() + " : " + verdict));
            port.backends().forEach((entry, backends) -> {
                for (int i = 0; i < backends.size(); i++) {
                    slots.get(i).add(entry.nft() + " : " + backends.get(i).nft());
                }
            });
        }
        script.addElements(TableLayout.CLUSTER_CIDRS, table.clusterCidrs());
        script.addElements(TableLayout.HAIRPIN, hairpinElements(table.hairpinUses().keySet()));
        script.addElements(TableLayout.ENTRIES, entries);
        script.addElements(TableLayout.NO_ENDPOINTS, refusals);
        for (int i = 0; i < slotCount; i++) {
            script.addElements(TableLayout.slot(i), slots.get(i));
        }
        return script.toString();
    }

    static void addPick(NftScript script, PickChain pick, int mark) {
        script.addChain(pick.name());
        pick.rules(mark).forEach(rule -> script.addRule(pick.name(), rule));
    }

    /** Adds a group's endpoint sets and chains, then the group chain that jumps to them. */
    static void addAffinityGroup(NftScript script, AffinityGroup group, int mark) {
        for (Backend backend : group.backends()) {
            addAffinityEndpoint(script, group, backend);
        }
        script.addChain(group.chain());
        group.rules(mark).forEach(rule -> script.addRule(group.chain(), rule));
    }

    static void addAffinityEndpoint(NftScript script, AffinityGroup group, Backend backend) {
        String name = group.endpointChain(backend);
        script.addSet("set", name, group.setSpec());
        script.addChain(name).addRule(name, group.endpointRule(backend));
    }

    /** The element of the {@value TableLayout#HAIRPIN} set for each local endpoint address. */
    static List<String> hairpinElements(Iterable<String> ips) {
        List<String> elements = new ArrayList<>();
        ips.forEach(ip -> elements.add(ip + " . " + ip));
        return elements;
    }

    static List<String> verdictElements(Map<EntryKey, String> verdicts) {
        List<String> elements = new ArrayList<>(verdicts.size());
        verdicts.forEach((entry, verdict) -> elements.add(entry.nft() + " : " + verdict));
        return elements;
    }
}
