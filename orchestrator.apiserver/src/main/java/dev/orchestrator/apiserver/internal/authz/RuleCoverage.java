package dev.orchestrator.apiserver.internal.authz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether rules a user holds cover rules the user wants to grant (in a role, or through a binding): Kubernetes'
 * escalation check. The wanted rules are broken down into one verb on one group, resource and name (or one
 * verb on one path); each piece must be covered by a held rule, where {@code *} in a wanted rule is no wildcard
 * but a right of its own that only a held {@code *} covers.
 */
public final class RuleCoverage {

    /** Every right: what one needs to use an aggregationRule, whose rules may gather anything. */
    public static final List<PolicyRule> FULL_AUTHORITY = List.of(
            PolicyRule.resources(List.of(PolicyRule.ALL), List.of(PolicyRule.ALL), List.of(PolicyRule.ALL)),
            PolicyRule.urls(List.of(PolicyRule.ALL), List.of(PolicyRule.ALL)));

    private RuleCoverage() {
    }

    /** The pieces of {@code wanted} that {@code held} does not cover, compacted (verbs merged); empty when covered. */
    public static List<PolicyRule> uncovered(List<PolicyRule> held, List<PolicyRule> wanted) {
        List<PolicyRule> missing = new ArrayList<>();
        for (PolicyRule rule : wanted) {
            for (PolicyRule piece : breakdown(rule)) {
                if (held.stream().noneMatch(h -> covers(h, piece))) {
                    missing.add(piece);
                }
            }
        }
        return compact(missing);
    }

    /** How Kubernetes lists the rules not held: one per line, {@code {APIGroups:[""], Resources:["pods"], Verbs:["get" "list"]}}. */
    public static String describe(List<PolicyRule> rules) {
        StringBuilder b = new StringBuilder();
        for (PolicyRule r : rules) {
            if (b.length() > 0) {
                b.append('\n');
            }
            List<String> parts = new ArrayList<>();
            if (!r.apiGroups().isEmpty()) {
                parts.add("APIGroups:" + quoted(r.apiGroups()));
            }
            if (!r.resources().isEmpty()) {
                parts.add("Resources:" + quoted(r.resources()));
            }
            if (!r.resourceNames().isEmpty()) {
                parts.add("ResourceNames:" + quoted(r.resourceNames()));
            }
            if (!r.nonResourceURLs().isEmpty()) {
                parts.add("NonResourceURLs:" + quoted(r.nonResourceURLs()));
            }
            parts.add("Verbs:" + quoted(r.verbs()));
            b.append('{').append(String.join(", ", parts)).append('}');
        }
        return b.toString();
    }

    private static List<PolicyRule> breakdown(PolicyRule rule) {
        List<PolicyRule> pieces = new ArrayList<>();
        for (String group : rule.apiGroups()) {
            for (String resource : rule.resources()) {
                for (String verb : rule.verbs()) {
                    if (rule.resourceNames().isEmpty()) {
                        pieces.add(PolicyRule.resources(List.of(group), List.of(resource), List.of(verb)));
                    } else {
                        for (String name : rule.resourceNames()) {
                            pieces.add(PolicyRule.resources(List.of(group), List.of(resource), List.of(verb)).named(name));
                        }
                    }
                }
            }
        }
        for (String url : rule.nonResourceURLs()) {
            for (String verb : rule.verbs()) {
                pieces.add(PolicyRule.urls(List.of(url), List.of(verb)));
            }
        }
        return pieces;
    }

    private static boolean covers(PolicyRule held, PolicyRule piece) {
        boolean verbs = held.verbs().contains(PolicyRule.ALL) || held.verbs().containsAll(piece.verbs());
        boolean groups = held.apiGroups().contains(PolicyRule.ALL) || held.apiGroups().containsAll(piece.apiGroups());
        boolean names = held.resourceNames().isEmpty() || !piece.resourceNames().isEmpty()
                && held.resourceNames().containsAll(piece.resourceNames());
        return verbs && groups && names && resourcesCovered(held.resources(), piece.resources())
                && urlsCovered(held.nonResourceURLs(), piece.nonResourceURLs());
    }

    private static boolean resourcesCovered(List<String> held, List<String> wanted) {
        if (held.contains(PolicyRule.ALL)) {
            return true;
        }
        for (String r : wanted) {
            if (held.contains(r)) {
                continue;
            }
            int slash = r.indexOf('/');
            if (slash < 0 || !held.contains("*" + r.substring(slash))) {
                return false; // "*/scale" covers every resource's scale, nothing else covers a subresource
            }
        }
        return true;
    }

    private static boolean urlsCovered(List<String> held, List<String> wanted) {
        for (String url : wanted) {
            boolean covered = false;
            for (String h : held) {
                if (h.equals(url) || h.endsWith(PolicyRule.ALL) && url.startsWith(h.substring(0, h.length() - 1))) {
                    covered = true;
                    break;
                }
            }
            if (!covered) {
                return false;
            }
        }
        return true;
    }

    /** Pieces that differ only in their verb, merged into one rule, in first-seen order. */
    private static List<PolicyRule> compact(List<PolicyRule> pieces) {
        Map<List<List<String>>, List<String>> verbs = new LinkedHashMap<>();
        for (PolicyRule p : pieces) {
            List<List<String>> key = List.of(p.apiGroups(), p.resources(), p.resourceNames(), p.nonResourceURLs());
            List<String> v = verbs.computeIfAbsent(key, k -> new ArrayList<>());
            p.verbs().stream().filter(x -> !v.contains(x)).forEach(v::add);
        }
        List<PolicyRule> rules = new ArrayList<>();
        verbs.forEach((k, v) -> rules.add(new PolicyRule(v, k.get(0), k.get(1), k.get(2), k.get(3))));
        return rules;
    }

    private static String quoted(List<String> values) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            b.append(i == 0 ? "" : " ").append('"').append(values.get(i).replace("\"", "\\\"")).append('"');
        }
        return b.append(']').toString();
    }
}
