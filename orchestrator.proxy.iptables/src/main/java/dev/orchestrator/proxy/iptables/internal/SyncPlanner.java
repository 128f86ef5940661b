package dev.orchestrator.proxy.iptables.internal;

import dev.orchestrator.api.proxy.ProxyState.PortKey;
import dev.orchestrator.proxy.iptables.internal.TopLevelRules.Jump;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns the difference between the rules in the kernel and the desired rules into a restore script. */
final class SyncPlanner {

    private SyncPlanner() {
    }

    /**
     * What one sync writes.
     *
     * @param portsWritten service ports whose chains are (re)written
     * @param portsRemoved service ports whose chains are deleted
     */
    record Plan(RestoreScript script, boolean full, int portsWritten, int portsRemoved) {
    }

    /**
     * Rewrites everything: every owned chain of {@code desired}, the jumps that {@code saved} lacks,
     * and deletes the owned chains {@code saved} shows that {@code desired} does not have.
     *
     * @param last the last rules this instance applied, or null; only for counting removed ports
     */
    static Plan full(RuleSet desired, RuleSet last, Map<Table, SavedRules> saved, List<Jump> jumps) {
        RestoreScript script = new RestoreScript();
        for (Table table : Table.values()) {
            desired.top(table).forEach((chain, rules) -> script.writeChain(table, chain, rules));
        }
        desired.ports().values().forEach(port -> port.natChains()
                .forEach((chain, rules) -> script.writeChain(Table.NAT, chain, rules)));
        for (Jump jump : jumps) {
            if (!saved.get(jump.table()).hasJump(jump.builtin(), jump.target())) {
                script.insertRule(jump.table(), jump.builtin(), jump.rule());
            }
        }
        for (Table table : Table.values()) {
            Set<String> wanted = new HashSet<>(desired.top(table).keySet());
            if (table == Table.NAT) {
                desired.ports().values().forEach(port -> wanted.addAll(port.natChains().keySet()));
            }
            saved.get(table).ownedChains().stream().filter(chain -> !wanted.contains(chain))
                    .forEach(chain -> script.deleteChain(table, chain));
        }
        int removed = last == null ? 0
                : (int) last.ports().keySet().stream().filter(key -> !desired.ports().containsKey(key)).count();
        return new Plan(script, true, desired.ports().size(), removed);
    }

    /**
     * Rewrites only what differs from {@code last}: the chains of changed or new service ports,
     * the top-level chains whose rules changed; deletes the chains of removed ports and the
     * endpoint chains a changed port no longer has.
     *
     * @param patchable per table, the shared chains that may be patched rule by rule, each with
     *        the number of rules at its head that new rules go after
     */
    static Plan changes(RuleSet desired, RuleSet last, Map<Table, Map<String, Integer>> patchable) {
        RestoreScript script = new RestoreScript();
        for (Table table : Table.values()) {
            topChanges(script, table, desired.top(table), last.top(table), patchable.getOrDefault(table, Map.of()));
        }
        int written = 0;
        for (Map.Entry<PortKey, PortRules> e : desired.ports().entrySet()) {
            PortRules now = e.getValue();
            PortRules before = last.ports().get(e.getKey());
            if (now.equals(before)) {
                continue;
            }
            written++;
            now.natChains().forEach((chain, rules) -> {
                if (before == null || !rules.equals(before.natChains().get(chain))) {
                    script.writeChain(Table.NAT, chain, rules);
                }
            });
            if (before != null) {
                before.natChains().keySet().stream().filter(chain -> !now.natChains().containsKey(chain))
                        .forEach(chain -> script.deleteChain(Table.NAT, chain));
            }
        }
        int removed = 0;
        for (Map.Entry<PortKey, PortRules> e : last.ports().entrySet()) {
            if (!desired.ports().containsKey(e.getKey())) {
                removed++;
                e.getValue().natChains().keySet().forEach(chain -> script.deleteChain(Table.NAT, chain));
            }
        }
        return new Plan(script, false, written, removed);
    }

    /** Patches or rewrites the top-level chains of one table whose rules differ from {@code before}. */
    private static void topChanges(RestoreScript script, Table table, Map<String, List<String>> desired,
                                   Map<String, List<String>> before, Map<String, Integer> heads) {
        desired.forEach((chain, rules) -> {
            List<String> old = before.get(chain);
            if (rules.equals(old)) {
                return;
            }
            Integer head = heads.get(chain);
            if (old == null || head == null || !patch(script, table, chain, head, old, rules)) {
                script.writeChain(table, chain, rules);
            }
        });
    }

    /**
     * Turns {@code old} into {@code now} rule by rule, for a chain whose rules match disjoint
     * packets so that their order does not matter (one rule per virtual IP and port): adding one
     * service to 10,000 then touches one rule instead of rewriting 10,000. New rules go right after
     * the chain's {@code head} rules (which must stay first), ahead of the catch-all jumps to the
     * node ports. Gives up (returns false, writes nothing) when more than half would change, or
     * when a head rule would; rewriting is then as cheap, or needed.
     */
    private static boolean patch(RestoreScript script, Table table, String chain, int head, List<String> old,
                                 List<String> now) {
        if (old.size() < head || now.size() < head || !old.subList(0, head).equals(now.subList(0, head))) {
            return false;
        }
        Map<String, Integer> counts = new HashMap<>();
        old.forEach(rule -> counts.merge(rule, 1, Integer::sum));
        List<String> added = new ArrayList<>();
        for (String rule : now) {
            if (counts.merge(rule, -1, Integer::sum) < 0) {
                added.add(rule);
            }
        }
        List<String> removed = new ArrayList<>();
        counts.forEach((rule, n) -> {
            for (int i = 0; i < n; i++) {
                removed.add(rule);
            }
        });
        if (added.size() + removed.size() > now.size() / 2 + 1) {
            return false;
        }
        removed.forEach(rule -> script.deleteRule(table, chain, rule));
        added.forEach(rule -> script.insertRule(table, chain, head + 1, rule));
        return true;
    }

    /** Deletes every jump into an owned chain and every owned chain that {@code saved} shows. */
    static RestoreScript removal(Map<Table, SavedRules> saved) {
        RestoreScript script = new RestoreScript();
        for (Table table : Table.values()) {
            SavedRules rules = saved.get(table);
            rules.jumpRules().forEach(rule -> script.deleteSavedRule(table, rule));
            rules.ownedChains().forEach(chain -> script.deleteChain(table, chain));
        }
        return script;
    }
}
