package dev.orchestrator.proxy.nftables.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The transaction that turns the table a {@link PortTable} describes into the one it describes
 * after a {@link TableDelta}, touching only what the changed ports touch: their map elements, the
 * chains of their affinity groups, and the pick chains, slots and hairpins whose use count goes
 * from or to zero. Three phases, because nft checks references command by command: create what
 * new elements and rules will point to; change elements (all deletes of a map before its adds, as
 * a changed value is a delete plus an add); delete what nothing points to any more.
 */
final class ChangeScript {

    private final NftScript script;
    private final int mark;
    private final PortTable table;
    private final TableDelta delta;
    private final TreeMap<PickChain, Integer> picksAfter;
    private final int slotsBefore;
    private final int slotsAfter;

    private ChangeScript(NftablesSettings settings, PortTable table, TableDelta delta) {
        this.script = new NftScript(settings.qualifiedTable());
        this.mark = settings.masqueradeMark();
        this.table = table;
        this.delta = delta;
        this.picksAfter = new TreeMap<>(table.pickUses());
        delta.pickUseChanges().forEach((pick, by) -> picksAfter.merge(pick, by, (a, b) -> a + b == 0 ? null : a + b));
        this.slotsBefore = table.slotCount();
        this.slotsAfter = PortTable.slotCount(picksAfter.keySet());
    }

    /** The commands, or an empty string when the delta changes nothing in the kernel. */
    static String write(NftablesSettings settings, PortTable table, TableDelta delta) {
        ChangeScript change = new ChangeScript(settings, table, delta);
        change.create();
        change.changeElements();
        change.delete();
        return change.script.isEmpty() ? "" : change.script.toString();
    }

    private void create() {
        for (int i = slotsBefore; i < slotsAfter; i++) {
            TableLayout.addSlot(script, i);
        }
        for (PickChain pick : picksAfter.keySet()) {
            if (!table.pickUses().containsKey(pick)) {
                FullScript.addPick(script, pick, mark);
            }
        }
        for (TableDelta.Change change : delta.changes()) {
            Map<String, AffinityGroup> before = groups(change.before());
            for (AffinityGroup group : groups(change.after()).values()) {
                AffinityGroup old = before.get(group.chain());
                if (old == null) {
                    FullScript.addAffinityGroup(script, group, mark, Map.of());
                } else if (!old.equals(group)) {
                    Set<String> existing = new HashSet<>(old.endpointChains());
                    group.backends().stream().filter(b -> !existing.contains(group.endpointChain(b)))
                            .forEach(b -> FullScript.addAffinityEndpoint(script, group, b));
                    script.flushChain(group.chain());
                    group.rules(mark).forEach(rule -> script.addRule(group.chain(), rule));
                }
            }
        }
    }

    private void changeElements() {
        if (!table.clusterCidrs().equals(delta.clusterCidrs())) {
            script.flushSet("set", TableLayout.CLUSTER_CIDRS);
            script.addElements(TableLayout.CLUSTER_CIDRS, delta.clusterCidrs());
        }
        Set<String> goneHairpins = new LinkedHashSet<>();
        Set<String> newHairpins = new LinkedHashSet<>();
        delta.hairpinUseChanges().forEach((ip, by) -> {
            int before = table.hairpinUses().getOrDefault(ip, 0);
            if (before > 0 && before + by == 0) {
                goneHairpins.add(ip);
            } else if (before == 0 && by > 0) {
                newHairpins.add(ip);
            }
        });
        script.deleteElements(TableLayout.HAIRPIN, FullScript.hairpinElements(goneHairpins));
        script.addElements(TableLayout.HAIRPIN, FullScript.hairpinElements(newHairpins));
        Elements entries = new Elements();
        Elements refusals = new Elements();
        List<Elements> slots = new ArrayList<>();
        for (int i = 0; i < Math.max(slotsBefore, slotsAfter); i++) {
            slots.add(new Elements());
        }
        for (TableDelta.Change change : delta.changes()) {
            entries.diff(verdicts(change.before(), true), verdicts(change.after(), true));
            refusals.diff(verdicts(change.before(), false), verdicts(change.after(), false));
            diffSlots(change, slots);
        }
        entries.write(script, TableLayout.ENTRIES);
        refusals.write(script, TableLayout.NO_ENDPOINTS);
        // the maps of slots that go are deleted whole in the last phase
        for (int i = 0; i < slotsAfter; i++) {
            slots.get(i).write(script, TableLayout.slot(i));
        }
    }

    private static void diffSlots(TableDelta.Change change, List<Elements> slots) {
        Map<EntryKey, List<Backend>> before = change.before() == null ? Map.of() : change.before().backends();
        Map<EntryKey, List<Backend>> after = change.after() == null ? Map.of() : change.after().backends();
        Set<EntryKey> keys = new LinkedHashSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (EntryKey key : keys) {
            List<Backend> old = before.getOrDefault(key, List.of());
            List<Backend> now = after.getOrDefault(key, List.of());
            for (int i = 0; i < Math.max(old.size(), now.size()); i++) {
                Backend was = i < old.size() ? old.get(i) : null;
                Backend is = i < now.size() ? now.get(i) : null;
                if (!Objects.equals(was, is)) {
                    slots.get(i).change(key, was == null ? null : was.nft(), is == null ? null : is.nft());
                }
            }
        }
    }

    private void delete() {
        for (TableDelta.Change change : delta.changes()) {
            Map<String, AffinityGroup> after = groups(change.after());
            for (AffinityGroup old : groups(change.before()).values()) {
                AffinityGroup now = after.get(old.chain());
                if (now == null) {
                    script.flushChain(old.chain());
                    old.endpointChains().forEach(this::deleteEndpoint);
                    script.deleteChain(old.chain());
                } else if (!now.equals(old)) {
                    Set<String> kept = new HashSet<>(now.endpointChains());
                    old.endpointChains().stream().filter(name -> !kept.contains(name)).forEach(this::deleteEndpoint);
                }
            }
        }
        for (PickChain pick : table.pickUses().keySet()) {
            if (!picksAfter.containsKey(pick)) {
                script.flushChain(pick.name()).deleteChain(pick.name());
            }
        }
        for (int i = slotsBefore - 1; i >= slotsAfter; i--) {
            script.flushChain(TableLayout.slot(i));
            TableLayout.deleteSlot(script, i);
        }
    }

    /** An affinity endpoint's chain and its set of clients (the chain's rule uses the set). */
    private void deleteEndpoint(String name) {
        script.flushChain(name).deleteChain(name).deleteSet("set", name);
    }

    private static Map<String, AffinityGroup> groups(PortRules rules) {
        Map<String, AffinityGroup> groups = new LinkedHashMap<>();
        if (rules != null) {
            rules.groups().forEach(group -> groups.put(group.chain(), group));
        }
        return groups;
    }

    private static Map<EntryKey, String> verdicts(PortRules rules, boolean dispatched) {
        return rules == null ? Map.of() : dispatched ? rules.dispatch() : rules.refusals();
    }

    /** The deletes and adds of one map, collected over all changed ports. */
    private static final class Elements {
        private final List<String> deletes = new ArrayList<>();
        private final List<String> adds = new ArrayList<>();

        void diff(Map<EntryKey, String> before, Map<EntryKey, String> after) {
            before.forEach((key, value) -> {
                if (!value.equals(after.get(key))) {
                    deletes.add(key.nft());
                }
            });
            after.forEach((key, value) -> {
                if (!value.equals(before.get(key))) {
                    adds.add(key.nft() + " : " + value);
                }
            });
        }

        void change(EntryKey key, String before, String after) {
            if (before != null) {
                deletes.add(key.nft());
            }
            if (after != null) {
                adds.add(key.nft() + " : " + after);
            }
        }

        void write(NftScript script, String map) {
            script.deleteElements(map, deletes).addElements(map, adds);
        }
    }
}
