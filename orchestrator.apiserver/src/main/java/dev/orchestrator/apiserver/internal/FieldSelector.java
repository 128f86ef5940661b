package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A field selector ({@code metadata.name=web,status.phase!=Running}): terms joined by
 * commas, each {@code =}, {@code ==} or {@code !=} on one of the fields the resource allows.
 */
final class FieldSelector {

    private record Term(String field, boolean equals, String value, String[] path) {

        Term(String field, boolean equals, String value) {
            // split once here: a kubelet's watch tests spec.nodeName on every pod event of the cluster
            this(field, equals, value, field.split("\\."));
        }
    }

    static final FieldSelector EVERYTHING = new FieldSelector(List.of());
    private static final Set<String> COMMON = Set.of("metadata.name", "metadata.namespace");

    private final List<Term> terms;

    private FieldSelector(List<Term> terms) {
        this.terms = terms;
    }

    /** Parses {@code text} and checks every field is selectable on {@code type}. */
    static FieldSelector parse(String text, ResourceType type) {
        if (text == null || text.isBlank()) {
            return EVERYTHING;
        }
        List<Term> terms = new ArrayList<>();
        for (String raw : text.split(",")) {
            String term = raw.trim();
            int neq = term.indexOf("!=");
            int eq = term.indexOf('=');
            Term parsed;
            if (neq > 0) {
                parsed = new Term(term.substring(0, neq).trim(), false, term.substring(neq + 2).trim());
            } else if (eq > 0) {
                int valueStart = term.startsWith("==", eq) ? eq + 2 : eq + 1;
                parsed = new Term(term.substring(0, eq).trim(), true, term.substring(valueStart).trim());
            } else {
                throw ApiException.badRequest("invalid field selector \"" + text + "\": \"" + term
                        + "\" is not of the form field=value or field!=value");
            }
            if (!COMMON.contains(parsed.field()) && !selectable(type).contains(parsed.field())) {
                throw ApiException.badRequest("field label not supported: " + parsed.field()
                        + " (" + type.qualifiedName() + " support " + String.join(", ", supported(type)) + ")");
            }
            terms.add(parsed);
        }
        return new FieldSelector(terms);
    }

    boolean matches(JsonNode object) {
        for (Term t : terms) {
            String actual = value(object, t.path());
            if (t.equals() != t.value().equals(actual)) {
                return false;
            }
        }
        return true;
    }

    boolean isEverything() {
        return terms.isEmpty();
    }

    /**
     * The selector's first {@code field=value} term, by which the watch cache indexes watchers:
     * a kubelet's watch ({@code spec.nodeName=<node>}) is then handed only the events of pods
     * on its node or leaving it, not every pod event of the cluster.
     */
    Optional<Trigger> trigger() {
        return terms.stream().filter(Term::equals).findFirst().map(t -> new Trigger(t.field(), t.value(), t.path()));
    }

    /**
     * A field every object a watcher sees has {@code value} in, before or after the event
     * ({@code path}: the field split at dots; compare triggers by field and value, not by equals).
     */
    record Trigger(String field, String value, String[] path) {

        /** The field's value in {@code object}, as the selector compares it ("" when absent). */
        String valueIn(JsonNode object) {
            return FieldSelector.value(object, path);
        }
    }

    private static String value(JsonNode object, String[] path) {
        JsonNode node = object;
        for (String part : path) {
            node = node.path(part);
        }
        if (node.isMissingNode() || node.isNull()) {
            return "";
        }
        return node.asText();
    }

    private static Set<String> selectable(ResourceType type) {
        return switch (type.plural()) {
            case "pods" -> Set.of("spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
                    "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName");
            case "events" -> Set.of("involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
                    "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
                    "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type",
                    "regarding.kind", "regarding.name", "regarding.namespace", "regarding.uid");
            case "namespaces" -> Set.of("status.phase");
            case "nodes" -> Set.of("spec.unschedulable");
            case "secrets" -> Set.of("type");
            case "replicasets", "replicationcontrollers" -> Set.of("status.replicas");
            case "jobs" -> Set.of("status.successful");
            default -> Set.of();
        };
    }

    private static List<String> supported(ResourceType type) {
        List<String> all = new ArrayList<>(COMMON);
        all.addAll(selectable(type));
        java.util.Collections.sort(all);
        return all;
    }
}
