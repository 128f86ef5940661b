package dev.orchestrator.support.labels;

import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One requirement of a label selector, in whatever form it came (the query string {@code env in (a,b)}, a
 * selector's {@code matchLabels} or {@code matchExpressions}, a node selector term), with the one Kubernetes
 * meaning of each operator. Free of any model classes, so the API server (JSON trees) and the controllers and
 * scheduler (fabric8 objects) share it; copied privately into each bundle ({@code -conditionalpackage}).
 *
 * @param values the values of In and NotIn (one for equality), the bound of Gt and Lt, none otherwise
 */
public record LabelRequirement(String key, Operator operator, Set<String> values) {

    /** The operators; equality is In of one value and inequality NotIn of one, with the same meaning. */
    public enum Operator {
        IN, NOT_IN, EXISTS, DOES_NOT_EXIST, GT, LT;

        /** The operator named as in the API ({@code In}, {@code NotIn}, {@code Exists}, …); empty for another name. */
        public static Optional<Operator> named(String name) {
            return Optional.ofNullable(switch (name == null ? "" : name) {
                case "In" -> IN;
                case "NotIn" -> NOT_IN;
                case "Exists" -> EXISTS;
                case "DoesNotExist" -> DOES_NOT_EXIST;
                case "Gt" -> GT;
                case "Lt" -> LT;
                default -> null;
            });
        }
    }

    public LabelRequirement {
        values = Set.copyOf(values);
    }

    /** @param label a label's value by key, null when the object has no such label */
    public boolean matches(Function<String, String> label) {
        String value = label.apply(key);
        return switch (operator) {
            case IN -> value != null && values.contains(value);
            case NOT_IN -> value == null || !values.contains(value);
            case EXISTS -> value != null;
            case DOES_NOT_EXIST -> value == null;
            case GT, LT -> value != null && values.size() == 1 && compare(value, values.iterator().next());
        };
    }

    /** Gt and Lt compare integers; anything else matches nothing. */
    private boolean compare(String value, String bound) {
        try {
            long v = Long.parseLong(value);
            long b = Long.parseLong(bound);
            return operator == Operator.GT ? v > b : v < b;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
