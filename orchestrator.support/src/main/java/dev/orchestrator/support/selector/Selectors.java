package dev.orchestrator.support.selector;

import dev.orchestrator.support.labels.LabelRequirement;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matching of fabric8 label selectors and node selector terms ({@link LabelRequirement} says what each operator
 * means). Copied privately into each bundle that needs it (bnd {@code -conditionalpackage}).
 */
public final class Selectors {

    private Selectors() {
    }

    /** A null selector matches nothing; an empty one matches everything. */
    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
                if (!e.getValue().equals(labels.get(e.getKey()))) {
                    return false;
                }
            }
        }
        for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
            if (!requirement(r.getKey(), r.getOperator(), r.getValues(), labels)) {
                return false;
            }
        }
        return true;
    }

    /** Terms are ORed; the requirements of one term are ANDed; an empty term matches nothing. */
    public static boolean matchesAnyTerm(List<NodeSelectorTerm> terms, Map<String, String> labels, String nodeName) {
        for (NodeSelectorTerm term : terms) {
            if (matchesTerm(term, labels, nodeName)) {
                return true;
            }
        }
        return false;
    }

    public static boolean matchesTerm(NodeSelectorTerm term, Map<String, String> labels, String nodeName) {
        if (term.getMatchExpressions().isEmpty() && term.getMatchFields().isEmpty()) {
            return false;
        }
        for (NodeSelectorRequirement r : term.getMatchExpressions()) {
            if (!requirement(r.getKey(), r.getOperator(), r.getValues(), labels)) {
                return false;
            }
        }
        for (NodeSelectorRequirement r : term.getMatchFields()) {
            if (!"metadata.name".equals(r.getKey())
                    || !requirement(r.getKey(), r.getOperator(), r.getValues(), Map.of("metadata.name", nodeName))) {
                return false;
            }
        }
        return true;
    }

    private static boolean requirement(String key, String operator, List<String> values, Map<String, String> labels) {
        return LabelRequirement.Operator.named(operator)
                .map(op -> new LabelRequirement(key, op, Set.copyOf(values)).matches(labels::get)).orElse(false);
    }
}
