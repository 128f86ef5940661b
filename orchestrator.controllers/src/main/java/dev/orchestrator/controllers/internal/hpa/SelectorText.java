package dev.orchestrator.controllers.internal.hpa;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A label selector in its text form, as a scale subresource reports it ({@code status.selector}, e.g.
 * {@code app=web,tier in (a,b),!canary}), read back into a LabelSelector the listers match by.
 */
final class SelectorText {

    private SelectorText() {
    }

    /** @throws IllegalArgumentException for a requirement that is not a selector */
    static LabelSelector parse(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        List<LabelSelectorRequirement> expressions = new ArrayList<>();
        for (String part : split(text)) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            java.util.regex.Matcher set = java.util.regex.Pattern.compile("(\\S+)\\s+(in|notin)\\s*\\((.*)\\)").matcher(p);
            if (set.matches()) {
                List<String> values = Arrays.stream(set.group(3).split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
                expressions.add(new LabelSelectorRequirement(set.group(1), set.group(2).equals("in") ? "In" : "NotIn", values));
            } else if (p.contains("!=")) {
                String[] kv = p.split("!=", 2);
                expressions.add(new LabelSelectorRequirement(kv[0].trim(), "NotIn", List.of(kv[1].trim())));
            } else if (p.contains("=")) {
                String[] kv = p.split("==?", 2);
                labels.put(kv[0].trim(), kv[1].trim());
            } else if (p.startsWith("!")) {
                expressions.add(new LabelSelectorRequirement(p.substring(1).trim(), "DoesNotExist", List.of()));
            } else if (p.matches("[A-Za-z0-9./_-]+")) {
                expressions.add(new LabelSelectorRequirement(p, "Exists", List.of()));
            } else {
                throw new IllegalArgumentException("not a label selector requirement: \"" + p + "\"");
            }
        }
        return new LabelSelector(expressions, labels);
    }

    /** Splits at commas outside parentheses. */
    private static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }
}
