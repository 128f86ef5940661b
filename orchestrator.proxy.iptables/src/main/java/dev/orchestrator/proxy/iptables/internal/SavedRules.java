package dev.orchestrator.proxy.iptables.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code iptables-save -t <table>} shows of this proxy in one table: the owned chains that
 * exist and the rules of built-in chains that jump into them. A full sync deletes owned chains it
 * no longer wants and adds missing jumps; cleanup deletes both.
 *
 * @param ownedChains owned chains present in the kernel
 * @param jumpRules rules of built-in chains whose target is an owned chain, as saved
 *        ({@code -A PREROUTING ... -j ORCH-SERVICES})
 */
record SavedRules(Table table, Set<String> ownedChains, List<String> jumpRules) {

    SavedRules {
        ownedChains = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(ownedChains));
        jumpRules = List.copyOf(jumpRules);
    }

    static SavedRules parse(Table table, String save, ChainNames names) {
        Set<String> owned = new LinkedHashSet<>();
        Set<String> builtins = new LinkedHashSet<>();
        List<String> jumps = new ArrayList<>();
        for (String line : save.split("\n")) {
            String[] words = line.trim().split("\\s+");
            if (line.startsWith(":") && words.length >= 2) {
                String chain = words[0].substring(1);
                // A built-in chain has a policy; a user-defined one shows "-".
                if (!"-".equals(words[1])) {
                    builtins.add(chain);
                } else if (names.owns(chain)) {
                    owned.add(chain);
                }
            } else if (line.startsWith("-A ") && words.length >= 2 && builtins.contains(words[1])) {
                String target = target(words);
                if (target != null && names.owns(target)) {
                    jumps.add(line.trim());
                }
            }
        }
        return new SavedRules(table, owned, jumps);
    }

    /** Whether a built-in chain already holds a jump to this target. */
    boolean hasJump(String builtin, String target) {
        return jumpRules.stream().anyMatch(rule -> rule.startsWith("-A " + builtin + " ")
                && target.equals(target(rule.split("\\s+"))));
    }

    private static String target(String[] words) {
        for (int i = 0; i < words.length - 1; i++) {
            if ("-j".equals(words[i]) || "--jump".equals(words[i])) {
                return words[i + 1];
            }
        }
        return null;
    }
}
