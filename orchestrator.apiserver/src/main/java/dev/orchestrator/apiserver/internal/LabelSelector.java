package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A label selector: the query string form ({@code app=web,tier!=db,env in (a,b),!legacy})
 * and the object form ({@code matchLabels}, {@code matchExpressions}). All terms must hold.
 */
final class LabelSelector {

    private enum Op { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, DOES_NOT_EXIST }

    private record Requirement(String key, Op op, Set<String> values) {
        boolean matches(JsonNode labels) {
            JsonNode value = labels.get(key);
            String actual = value == null || value.isNull() ? null : value.asText();
            return switch (op) {
                case EQUALS, IN -> actual != null && values.contains(actual);
                case NOT_EQUALS, NOT_IN -> actual == null || !values.contains(actual);
                case EXISTS -> actual != null;
                case DOES_NOT_EXIST -> actual == null;
            };
        }
    }

    static final LabelSelector EVERYTHING = new LabelSelector(List.of());

    private final List<Requirement> requirements;

    private LabelSelector(List<Requirement> requirements) {
        this.requirements = requirements;
    }

    boolean matches(JsonNode labels) {
        for (Requirement r : requirements) {
            if (!r.matches(labels == null ? Json.object() : labels)) {
                return false;
            }
        }
        return true;
    }

    boolean isEverything() {
        return requirements.isEmpty();
    }

    /** Parses the {@code labelSelector} query parameter. */
    static LabelSelector parse(String text) {
        if (text == null || text.isBlank()) {
            return EVERYTHING;
        }
        List<Requirement> requirements = new ArrayList<>();
        for (String term : splitTerms(text)) {
            requirements.add(term(term.trim(), text));
        }
        return new LabelSelector(requirements);
    }

    /** The object form used in specs ({@code matchLabels} and {@code matchExpressions}). */
    static LabelSelector fromObject(JsonNode selector) {
        List<Requirement> requirements = new ArrayList<>();
        selector.path("matchLabels").fields().forEachRemaining(e ->
                requirements.add(new Requirement(e.getKey(), Op.EQUALS, Set.of(e.getValue().asText()))));
        for (JsonNode expression : selector.path("matchExpressions")) {
            String key = expression.path("key").asText();
            Set<String> values = new java.util.HashSet<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            Op op = switch (expression.path("operator").asText()) {
                case "In" -> Op.IN;
                case "NotIn" -> Op.NOT_IN;
                case "Exists" -> Op.EXISTS;
                case "DoesNotExist" -> Op.DOES_NOT_EXIST;
                default -> throw ApiException.badRequest("\"" + expression.path("operator").asText()
                        + "\" is not a valid label selector operator");
            };
            requirements.add(new Requirement(key, op, values));
        }
        return new LabelSelector(requirements);
    }

    private static Requirement term(String term, String whole) {
        if (term.isEmpty()) {
            throw invalid(whole, "empty requirement");
        }
        if (term.startsWith("!")) {
            return new Requirement(key(term.substring(1).trim(), whole), Op.DOES_NOT_EXIST, Set.of());
        }
        String lower = term.toLowerCase();
        int notIn = lower.indexOf(" notin ");
        int in = lower.indexOf(" in ");
        if (notIn > 0) {
            return new Requirement(key(term.substring(0, notIn).trim(), whole), Op.NOT_IN,
                    values(term.substring(notIn + 7).trim(), whole));
        }
        if (in > 0) {
            return new Requirement(key(term.substring(0, in).trim(), whole), Op.IN, values(term.substring(in + 4).trim(), whole));
        }
        int neq = term.indexOf("!=");
        if (neq > 0) {
            return new Requirement(key(term.substring(0, neq).trim(), whole), Op.NOT_EQUALS,
                    Set.of(value(term.substring(neq + 2).trim(), whole)));
        }
        int eq = term.indexOf("==");
        int len = 2;
        if (eq < 0) {
            eq = term.indexOf('=');
            len = 1;
        }
        if (eq > 0) {
            return new Requirement(key(term.substring(0, eq).trim(), whole), Op.EQUALS,
                    Set.of(value(term.substring(eq + len).trim(), whole)));
        }
        if (eq == 0) {
            throw invalid(whole, "a requirement needs a key before '='");
        }
        return new Requirement(key(term, whole), Op.EXISTS, Set.of());
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
