package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.support.labels.LabelRequirement;
import dev.orchestrator.support.labels.LabelRequirement.Operator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A label selector: the query string form ({@code app=web,tier!=db,env in (a,b),!legacy})
 * and the object form ({@code matchLabels}, {@code matchExpressions}), parsed and checked here (a 400 names what
 * is wrong); what each requirement means is {@link LabelRequirement}'s, shared with the controllers and the
 * scheduler. All terms must hold.
 */
final class LabelSelector {

    static final LabelSelector EVERYTHING = new LabelSelector(List.of());

    private final List<LabelRequirement> requirements;

    private LabelSelector(List<LabelRequirement> requirements) {
        this.requirements = requirements;
    }

    boolean matches(JsonNode labels) {
        for (LabelRequirement r : requirements) {
            if (!r.matches(key -> labelValue(labels, key))) {
                return false;
            }
        }
        return true;
    }

    private static String labelValue(JsonNode labels, String key) {
        JsonNode value = labels == null ? null : labels.get(key);
        return value == null || value.isNull() ? null : value.asText();
    }

    boolean isEverything() {
        return requirements.isEmpty();
    }

    /** Parses the {@code labelSelector} query parameter. */
    static LabelSelector parse(String text) {
        if (text == null || text.isBlank()) {
            return EVERYTHING;
        }
        List<LabelRequirement> requirements = new ArrayList<>();
        for (String term : splitTerms(text)) {
            requirements.add(term(term.trim(), text));
        }
        return new LabelSelector(requirements);
    }

    /** The object form used in specs ({@code matchLabels} and {@code matchExpressions}). */
    static LabelSelector fromObject(JsonNode selector) {
        List<LabelRequirement> requirements = new ArrayList<>();
        selector.path("matchLabels").fields().forEachRemaining(e ->
                requirements.add(new LabelRequirement(e.getKey(), Operator.IN, Set.of(e.getValue().asText()))));
        for (JsonNode expression : selector.path("matchExpressions")) {
            String key = expression.path("key").asText();
            Set<String> values = new java.util.HashSet<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            String operator = expression.path("operator").asText();
            Operator op = Operator.named(operator).filter(o -> o != Operator.GT && o != Operator.LT).orElseThrow(() ->
                    ApiException.badRequest("\"" + operator + "\" is not a valid label selector operator"));
            requirements.add(new LabelRequirement(key, op, values));
        }
        return new LabelSelector(requirements);
    }

    private static LabelRequirement term(String term, String whole) {
        if (term.isEmpty()) {
            throw invalid(whole, "empty requirement");
        }
        if (term.startsWith("!")) {
            return new LabelRequirement(key(term.substring(1).trim(), whole), Operator.DOES_NOT_EXIST, Set.of());
        }
        String lower = term.toLowerCase();
        int notIn = lower.indexOf(" notin ");
        int in = lower.indexOf(" in ");
        if (notIn > 0) {
            return new LabelRequirement(key(term.substring(0, notIn).trim(), whole), Operator.NOT_IN,
                    values(term.substring(notIn + 7).trim(), whole));
        }
        if (in > 0) {
            return new LabelRequirement(key(term.substring(0, in).trim(), whole), Operator.IN, values(term.substring(in + 4).trim(), whole));
        }
        int neq = term.indexOf("!=");
        if (neq > 0) {
            return new LabelRequirement(key(term.substring(0, neq).trim(), whole), Operator.NOT_IN,
                    Set.of(value(term.substring(neq + 2).trim(), whole)));
        }
        int eq = term.indexOf("==");
        int len = 2;
        if (eq < 0) {
            eq = term.indexOf('=');
            len = 1;
        }
        if (eq > 0) {
            return new LabelRequirement(key(term.substring(0, eq).trim(), whole), Operator.IN,
                    Set.of(value(term.substring(eq + len).trim(), whole)));
        }
        if (eq == 0) {
            throw invalid(whole, "a requirement needs a key before '='");
        }
        return new LabelRequirement(key(term, whole), Operator.EXISTS, Set.of());
    }

    private static Set<String> values(String list, String whole) {
        if (!list.startsWith("(") || !list.endsWith(")")) {
            throw invalid(whole, "set values must be in parentheses, e.g. env in (prod,dev)");
        }
        Set<String> values = new java.util.HashSet<>();
        for (String v : list.substring(1, list.length() - 1).split(",")) {
            values.add(value(v.trim(), whole));
        }
        return values;
    }

    private static String key(String key, String whole) {
        String problem = Names.qualifiedNameProblem(key);
        if (problem != null) {
            throw invalid(whole, "invalid label key \"" + key + "\": " + problem);
        }
        return key;
    }

    private static String value(String value, String whole) {
        String problem = Names.labelValueProblem(value);
        if (problem != null) {
            throw invalid(whole, "invalid label value \"" + value + "\": " + problem);
        }
        return value;
    }

    /** Splits on commas outside parentheses. */
    private static List<String> splitTerms(String text) {
        List<String> terms = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                terms.add(text.substring(start, i));
                start = i + 1;
            }
        }
        terms.add(text.substring(start));
        return terms;
    }

    private static ApiException invalid(String selector, String why) {
        return ApiException.badRequest("unable to parse requirement: invalid label selector \"" + selector + "\": " + why);
    }
}
