package dev.orchestrator.proxy.nftables.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The transaction that turns the table of one model into the table of the next by changing only
 * what differs: map and set elements, and the chains of pick counts and affinity groups that
 * appear or go. Three phases, because nft checks references command by command: create what new
 * elements and rules will point to; change elements (delete then add, as a changed value is a
 * delete plus an add in one transaction); delete what nothing points to any more.
 */
final class ChangeScript {

    private ChangeScript() {
    }

    /** The commands, or an empty string when the two models program the same table. */
    static String write(NftablesSettings settings, RuleModel applied, RuleModel next) {
        NftScript script = new NftScript(settings.qualifiedTable());
        int mark = settings.masqueradeMark();
        create(script, applied, next, mark);
        changeElements(script, applied, next);
        delete(script, applied, next);
        return script.isEmpty() ? "" : script.toString();
    }

    private static void create(NftScript script, RuleModel applied, RuleModel next, int mark) {
        for (int i = applied.slots().size(); i < next.slots().size(); i++) {
            TableLayout.addSlot(script, i);
        }
        for (PickChain pick : next.picks()) {
            if (!applied.picks().contains(pick)) {
                script.addChain(pick.name());
                pick.rules(mark).forEach(rule -> script.addRule(pick.name(), rule));
            }
        }
        for (AffinityGroup group : next.affinity().values()) {
            AffinityGroup before = applied.affinity().get(group.chain());
            if (before == null) {
                FullScript.addAffinityGroup(script, group, mark);
            } else if (!before.equals(group)) {
                Set<String> existing = new HashSet<>(before.endpointChains());
                for (Backend backend : group.backends()) {
                    if (!existing.contains(group.endpointChain(backend))) {
                        FullScript.addAffinityEndpoint(script, group, backend);
                    }
                }
                script.flushChain(group.chain());
                group.rules(mark).forEach(rule -> script.addRule(group.chain(), rule));
            }
        }
    }

    private static void changeElements(NftScript script, RuleModel applied, RuleModel next) {
        if (!applied.clusterCidrs().equals(next.clusterCidrs())) {
            script.flushSet("set", TableLayout.CLUSTER_CIDRS);
            script.addElements(TableLayout.CLUSTER_CIDRS, next.clusterCidrs());
        }
        List<String> goneHairpins = new ArrayList<>();
        applied.hairpin().stream().filter(ip -> !next.hairpin().contains(ip))
                .forEach(ip -> goneHairpins.add(RuleModel.hairpinElement(ip)));
        List<String> newHairpins = new ArrayList<>();
        next.hairpin().stream().filter(ip -> !applied.hairpin().contains(ip))
                .forEach(ip -> newHairpins.add(RuleModel.hairpinElement(ip)));
        script.deleteElements(TableLayout.HAIRPIN, goneHairpins).addElements(TableLayout.HAIRPIN, newHairpins);
        changeMap(script, TableLayout.ENTRIES, applied.dispatch(), next.dispatch(), verdict -> verdict);
        changeMap(script, TableLayout.NO_ENDPOINTS, applied.refusals(), next.refusals(), verdict -> verdict);
        // the maps of slots that go are deleted whole in the last phase
        for (int i = 0; i < next.slots().size(); i++) {
            changeMap(script, TableLayout.slot(i), applied.slot(i), next.slot(i), Backend::nft);
        }
    }

    private static <V> void changeMap(NftScript script, String map, Map<EntryKey, V> applied, Map<EntryKey, V> next,
                                      Function<V, String> value) {
        List<String> deletes = new ArrayList<>();
        applied.forEach((entry, before) -> {
            if (!Objects.equals(before, next.get(entry))) {
                deletes.add(entry.nft());
            }
        });
        List<String> adds = new ArrayList<>();
        next.forEach((entry, after) -> {
            if (!Objects.equals(after, applied.get(entry))) {
                adds.add(entry.nft() + " : " + value.apply(after));
            }
        });
        script.deleteElements(map, deletes).addElements(map, adds);
    }

    private static void delete(NftScript script, RuleModel applied, RuleModel next) {
        for (AffinityGroup before : applied.affinity().values()) {
            AffinityGroup after = next.affinity().get(before.chain());
            if (after == null) {
                script.flushChain(before.chain());
                before.endpointChains().forEach(name -> deleteEndpoint(script, name));
                script.deleteChain(before.chain());
            } else if (!after.equals(before)) {
                Set<String> kept = new HashSet<>(after.endpointChains());
                before.endpointChains().stream().filter(name -> !kept.contains(name))
                        .forEach(name -> deleteEndpoint(script, name));
            }
        }
        for (PickChain pick : applied.picks()) {
            if (!next.picks().contains(pick)) {
                script.flushChain(pick.name()).deleteChain(pick.name());
            }
        }
        for (int i = applied.slots().size() - 1; i >= next.slots().size(); i--) {
            script.flushChain(TableLayout.slot(i));
            TableLayout.deleteSlot(script, i);
        }
    }

    /** An affinity endpoint's chain and its set of clients (the chain's rule uses the set). */
    private static void deleteEndpoint(NftScript script, String name) {
        script.flushChain(name).deleteChain(name).deleteSet("set", name);
    }
}
