package dev.orchestrator.proxy.nftables.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The transaction that rewrites the whole table: create it if missing (so that the delete cannot
 * fail), delete it with everything in it, and create it again from the model. nft applies the
 * file atomically: packets see the old table or the new one, never a half-written one.
 */
final class FullScript {

    private FullScript() {
    }

    static String write(NftablesSettings settings, RuleModel model) {
        NftScript script = new NftScript(settings.qualifiedTable());
        script.addTable().deleteTable().addTable();
        TableLayout.addFixed(script, settings.masqueradeMark());
        for (int i = 0; i < model.slots().size(); i++) {
            TableLayout.addSlot(script, i);
        }
        for (PickChain pick : model.picks()) {
            script.addChain(pick.name());
            pick.rules(settings.masqueradeMark()).forEach(rule -> script.addRule(pick.name(), rule));
        }
        for (AffinityGroup group : model.affinity().values()) {
            addAffinityGroup(script, group, settings.masqueradeMark());
        }
        script.addElements(TableLayout.CLUSTER_CIDRS, model.clusterCidrs());
        script.addElements(TableLayout.HAIRPIN, model.hairpin().stream().map(RuleModel::hairpinElement).toList());
        script.addElements(TableLayout.ENTRIES, verdictElements(model.dispatch()));
        script.addElements(TableLayout.NO_ENDPOINTS, verdictElements(model.refusals()));
        for (int i = 0; i < model.slots().size(); i++) {
            script.addElements(TableLayout.slot(i), backendElements(model.slots().get(i)));
        }
        return script.toString();
    }

    /** Adds a group's endpoint sets and chains, then the group chain that jumps to them. */
    static void addAffinityGroup(NftScript script, AffinityGroup group, int masqueradeMark) {
        for (Backend backend : group.backends()) {
            addAffinityEndpoint(script, group, backend);
        }
        script.addChain(group.chain());
        group.rules(masqueradeMark).forEach(rule -> script.addRule(group.chain(), rule));
    }

    static void addAffinityEndpoint(NftScript script, AffinityGroup group, Backend backend) {
        String name = group.endpointChain(backend);
        script.addSet("set", name, group.setSpec());
        script.addChain(name).addRule(name, group.endpointRule(backend));
    }

    static List<String> verdictElements(Map<EntryKey, String> verdicts) {
        List<String> elements = new ArrayList<>(verdicts.size());
        verdicts.forEach((entry, verdict) -> elements.add(entry.nft() + " : " + verdict));
        return elements;
    }

    static List<String> backendElements(Map<EntryKey, Backend> slot) {
        List<String> elements = new ArrayList<>(slot.size());
        slot.forEach((entry, backend) -> elements.add(entry.nft() + " : " + backend.nft()));
        return elements;
    }
}
