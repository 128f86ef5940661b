package dev.orchestrator.apiserver.internal.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.orchestrator.apiserver.internal.auth.UserInfo;
import dev.orchestrator.apiserver.internal.authz.RequestAttributes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Kubernetes' audit policy ({@code audit.k8s.io/v1} {@code Policy}, YAML or JSON): rules in order, the first that
 * matches a request gives its level; a request no rule matches is not logged. A rule matches when every list it
 * has matches: {@code users}, {@code userGroups}, {@code verbs}, {@code namespaces} ({@code ""}: cluster-scoped),
 * {@code resources} (group, resources with {@code *} and {@code resource/subresource}, resourceNames) for resource
 * requests, {@code nonResourceURLs} (exact, or a prefix ending in {@code *}) for the others.
 */
public final class AuditPolicy {

    record GroupResources(String group, List<String> resources, List<String> resourceNames) {
    }

    record Rule(AuditLevel level, List<String> users, List<String> userGroups, List<String> verbs,
                List<GroupResources> resources, List<String> namespaces, List<String> nonResourceURLs) {

        boolean matches(UserInfo user, RequestAttributes request) {
            if (!users.isEmpty() && !users.contains(user.name())) {
                return false;
            }
            if (!userGroups.isEmpty() && !inAnyOf(user.groups())) {
                return false;
            }
            if (!verbs.isEmpty() && !verbs.contains(request.verb())) {
                return false;
            }
            if (!request.resourceRequest()) {
                return resources.isEmpty() && namespaces.isEmpty() && (nonResourceURLs.isEmpty()
                        || nonResourceURLs.stream().anyMatch(u -> urlMatches(u, request.path())));
            }
            if (!nonResourceURLs.isEmpty() && resources.isEmpty() && namespaces.isEmpty()) {
                return false;
            }
            if (!namespaces.isEmpty() && !namespaces.contains(request.namespace())) {
                return false;
            }
            return resources.isEmpty() || resources.stream().anyMatch(g -> resourceMatches(g, request));
        }

        private boolean inAnyOf(List<String> groups) {
            for (String group : groups) {
                if (userGroups.contains(group)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean urlMatches(String pattern, String path) {
            return pattern.endsWith("*") ? path.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(path);
        }

        private static boolean resourceMatches(GroupResources g, RequestAttributes request) {
            if (!g.group().equals(request.apiGroup())) {
                return false;
            }
            if (!g.resourceNames().isEmpty() && !g.resourceNames().contains(request.name())) {
                return false;
            }
            if (g.resources().isEmpty()) {
                return true;
            }
            for (String r : g.resources()) {
                if (r.equals("*") || namesResource(r, request.resource(), request.subresource())) {
                    return true;
                }
            }
            return false;
        }

        /**
         * {@code pods} names the resource alone; {@code pods/log}, {@code *}{@code /log} and {@code pods/*} a
         * subresource. Compared in place: this runs for every rule on every request.
         */
        private static boolean namesResource(String rule, String resource, String subresource) {
            if (subresource.isEmpty()) {
                return rule.equals(resource);
            }
            int slash = rule.indexOf('/');
            if (slash < 0) {
                return false;
            }
            boolean resourceNamed = slash == resource.length() && rule.startsWith(resource);
            boolean subresourceNamed = rule.length() - slash - 1 == subresource.length()
                    && rule.startsWith(subresource, slash + 1);
            boolean anyResource = slash == 1 && rule.charAt(0) == '*';
            boolean anySubresource = rule.length() == slash + 2 && rule.charAt(slash + 1) == '*';
            return subresourceNamed && (resourceNamed || anyResource) || resourceNamed && anySubresource;
        }
    }

    private final List<Rule> rules;

    AuditPolicy(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public AuditLevel levelFor(UserInfo user, RequestAttributes request) {
        for (Rule rule : rules) {
            if (rule.matches(user, request)) {
                return rule.level();
            }
        }
        return AuditLevel.NONE;
    }

    /** Reads a policy file; a wrong one is an {@link IOException} naming the file and the field. */
    public static AuditPolicy read(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IOException(file + " is not YAML or JSON: " + e.getMessage(), e);
        }
        try {
            return parse(root);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    static AuditPolicy parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the policy must be an object (kind: Policy)");
        }
        if (!"Policy".equals(root.path("kind").asText()) || !root.path("apiVersion").asText().startsWith("audit.k8s.io/")) {
            throw new IllegalArgumentException("expected apiVersion audit.k8s.io/v1, kind Policy, not "
                    + root.path("apiVersion").asText() + " " + root.path("kind").asText());
        }
        List<Rule> rules = new ArrayList<>();
        JsonNode list = root.path("rules");
        for (int i = 0; i < list.size(); i++) {
            JsonNode r = list.get(i);
            String field = "rules[" + i + "]";
            if (!r.has("level")) {
                throw new IllegalArgumentException(field + ".level: Required value");
            }
            List<GroupResources> resources = new ArrayList<>();
            for (JsonNode g : r.path("resources")) {
                resources.add(new GroupResources(g.path("group").asText(""), texts(g.path("resources")),
                        texts(g.path("resourceNames"))));
            }
            List<String> urls = texts(r.path("nonResourceURLs"));
            if (!urls.isEmpty() && (!resources.isEmpty() || r.has("namespaces"))) {
                throw new IllegalArgumentException(field + ".nonResourceURLs: Invalid value: rules cannot apply to both "
                        + "regular resources and non-resource URLs");
            }
            rules.add(new Rule(AuditLevel.parse(r.path("level").asText(), field + ".level"), texts(r.path("users")),
                    texts(r.path("userGroups")), texts(r.path("verbs")), resources, texts(r.path("namespaces")), urls));
        }
        return new AuditPolicy(rules);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }
}
