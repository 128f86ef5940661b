package dev.orchestrator.apiserver.internal.authz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One rule of a Role or ClusterRole ({@code rbac.authorization.k8s.io/v1 PolicyRule}), and how it matches a
 * request, as Kubernetes' RBAC matches: {@code *} stands for every verb, group, resource or path; a resource
 * with its subresource is written {@code pods/log}, and {@code *}{@code /scale} names one subresource of every
 * resource; an empty {@code resourceNames} allows every name; a non-resource URL ending in {@code *} is a prefix.
 */
public record PolicyRule(List<String> verbs, List<String> apiGroups, List<String> resources,
                         List<String> resourceNames, List<String> nonResourceURLs) {

    public static final String ALL = "*";

    public PolicyRule {
        verbs = List.copyOf(verbs);
        apiGroups = List.copyOf(apiGroups);
        resources = List.copyOf(resources);
        resourceNames = List.copyOf(resourceNames);
        nonResourceURLs = List.copyOf(nonResourceURLs);
    }

    /** A rule on resources of the given groups. */
    public static PolicyRule resources(List<String> apiGroups, List<String> resources, List<String> verbs) {
        return new PolicyRule(verbs, apiGroups, resources, List.of(), List.of());
    }

    /** A rule on non-resource paths. */
    public static PolicyRule urls(List<String> urls, List<String> verbs) {
        return new PolicyRule(verbs, List.of(), List.of(), List.of(), urls);
    }

    /** This rule limited to objects of these names. */
    public PolicyRule named(String... names) {
        return new PolicyRule(verbs, apiGroups, resources, List.of(names), nonResourceURLs);
    }

    /** The rule of a stored role's {@code rules[i]} (fields of other types read as empty: validation refused them). */
    public static PolicyRule of(JsonNode rule) {
        return new PolicyRule(strings(rule.path("verbs")), strings(rule.path("apiGroups")),
                strings(rule.path("resources")), strings(rule.path("resourceNames")),
                strings(rule.path("nonResourceURLs")));
    }

    /** Every rule of a role's {@code rules}. */
    public static List<PolicyRule> allOf(JsonNode rules) {
        List<PolicyRule> list = new ArrayList<>();
        for (JsonNode r : rules) {
            list.add(of(r));
        }
        return List.copyOf(list);
    }

    public boolean allows(RequestAttributes request) {
        if (!matches(verbs, request.verb())) {
            return false;
        }
        if (!request.resourceRequest()) {
            return urlMatches(request.path());
        }
        return matches(apiGroups, request.apiGroup()) && resourceMatches(request)
                && (resourceNames.isEmpty() || resourceNames.contains(request.name()));
    }

    private boolean resourceMatches(RequestAttributes request) {
        String combined = request.combinedResource();
        for (String r : resources) {
            if (r.equals(ALL) || r.equals(combined)) {
                return true;
            }
            if (!request.subresource().isEmpty() && r.equals("*/" + request.subresource())) {
                return true;
            }
        }
        return false;
    }

    private boolean urlMatches(String path) {
        for (String url : nonResourceURLs) {
            if (url.equals(ALL) || url.equals(path)
                    || url.endsWith(ALL) && path.startsWith(url.substring(0, url.length() - 1))) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(List<String> values, String requested) {
        return values.contains(ALL) || values.contains(requested);
    }

    /** The rule as its JSON form in a role (empty lists left out, as Kubernetes writes them). */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        put(o, "verbs", verbs);
        put(o, "apiGroups", apiGroups);
        put(o, "resources", resources);
        put(o, "resourceNames", resourceNames);
        put(o, "nonResourceURLs", nonResourceURLs);
        if (!o.has("verbs")) {
            o.putArray("verbs"); // required, even when empty
        }
        return o;
    }

    private static void put(ObjectNode o, String field, List<String> values) {
        if (!values.isEmpty()) {
            var array = o.putArray(field);
            values.forEach(array::add);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        if (array.isArray()) {
            for (JsonNode v : array) {
                if (v.isTextual()) {
                    list.add(v.asText());
                }
            }
        }
        return list;
    }
}
