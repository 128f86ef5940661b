package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Discovery documents: the legacy ones (APIVersions, APIGroupList, APIGroup,
 * APIResourceList) and aggregated discovery v2 (APIGroupDiscoveryList), which lets kubectl
 * learn everything in two requests.
 */
final class Discovery {

    static final String AGGREGATED_CONTENT_TYPE = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    private final ResourceRegistry registry;

    Discovery(ResourceRegistry registry) {
        this.registry = registry;
    }

    static boolean aggregatedWanted(String accept) {
        return accept != null && accept.replace(" ", "").contains("g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
    }

    ObjectNode apiVersions() {
        ObjectNode o = Json.object();
        o.put("kind", "APIVersions");
        o.putArray("versions").add("v1");
        ObjectNode address = o.putArray("serverAddressByClientCIDRs").addObject();
        address.put("clientCIDR", "0.0.0.0/0");
        address.put("serverAddress", "127.0.0.1");
        return o;
    }

    ObjectNode apiGroupList() {
        ObjectNode o = Json.object();
        o.put("kind", "APIGroupList");
        o.put("apiVersion", "v1");
        ArrayNode groups = o.putArray("groups");
        for (String group : groups()) {
            groups.add(apiGroup(group));
        }
        return o;
    }

    /** @return the APIGroup document, or null when the group is not served */
    ObjectNode apiGroup(String group) {
        List<String> versions = registry.servedGroupVersions().stream().filter(gv -> gv.startsWith(group + "/")).toList();
        if (versions.isEmpty()) {
            return null;
        }
        ObjectNode o = Json.object();
        o.put("kind", "APIGroup");
        o.put("apiVersion", "v1");
        o.put("name", group);
        ArrayNode list = o.putArray("versions");
        for (String gv : versions) {
            ObjectNode v = list.addObject();
            v.put("groupVersion", gv);
            v.put("version", gv.substring(gv.indexOf('/') + 1));
        }
        o.set("preferredVersion", list.get(0).deepCopy());
        return o;
    }

    /** @return the APIResourceList of a group-version, or null when it is not served */
    ObjectNode resourceList(String apiVersion) {
        List<ResourceType> types = registry.servedIn(apiVersion);
        if (types.isEmpty()) {
            return null;
        }
        ObjectNode o = Json.object();
        o.put("kind", "APIResourceList");
        o.put("apiVersion", "v1");
        o.put("groupVersion", apiVersion);
        ArrayNode resources = o.putArray("resources");
        for (ResourceType t : types) {
            ObjectNode r = resources.addObject();
            r.put("name", t.plural());
            r.put("singularName", t.singular());
            r.put("namespaced", t.namespaced());
            r.put("kind", t.kind());
            verbsAndNames(r, t);
            for (String sub : t.subresources()) {
                SubresourceInfo info = SubresourceInfo.of(t, sub);
                ObjectNode s = resources.addObject();
                s.put("name", t.plural() + "/" + sub);
                s.put("singularName", "");
                s.put("namespaced", t.namespaced());
                if (!info.group().equals(t.group()) || !info.version().equals(t.version())) {
                    s.put("group", info.group());
                    s.put("version", info.version());
                }
                s.put("kind", info.kind());
                strings(s.putArray("verbs"), info.verbs());
            }
        }
        return o;
    }

    /** Aggregated discovery of {@code /api} (core) or {@code /apis} (named groups). */
    ObjectNode aggregated(boolean core) {
        ObjectNode o = Json.object();
        o.put("kind", "APIGroupDiscoveryList");
        o.put("apiVersion", "apidiscovery.k8s.io/v2");
        o.putObject("metadata");
        ArrayNode items = o.putArray("items");
        for (String group : core ? List.of("") : groups()) {
            ObjectNode item = items.addObject();
            item.putObject("metadata").put("name", group);
            ArrayNode versions = item.putArray("versions");
            for (String gv : registry.servedGroupVersions()) {
                if (group.equals(gv.contains("/") ? gv.substring(0, gv.indexOf('/')) : "")) {
                    aggregatedVersion(versions.addObject(), gv);
                }
            }
        }
        return o;
    }

    private void aggregatedVersion(ObjectNode version, String groupVersion) {
        version.put("version", groupVersion.substring(groupVersion.indexOf('/') + 1));
        version.put("freshness", "Current");
        ArrayNode resources = version.putArray("resources");
        for (ResourceType t : registry.servedIn(groupVersion)) {
            ObjectNode r = resources.addObject();
            r.put("resource", t.plural());
            responseKind(r, t.group(), t.version(), t.kind());
            r.put("scope", t.namespaced() ? "Namespaced" : "Cluster");
            r.put("singularResource", t.singular());
            verbsAndNames(r, t);
            if (!t.subresources().isEmpty()) {
                ArrayNode subs = r.putArray("subresources");
                for (String sub : t.subresources()) {
                    SubresourceInfo info = SubresourceInfo.of(t, sub);
                    ObjectNode s = subs.addObject();
                    s.put("subresource", sub);
                    responseKind(s, info.group(), info.version(), info.kind());
                    strings(s.putArray("verbs"), info.verbs());
                }
            }
        }
    }

    private static void responseKind(ObjectNode parent, String group, String version, String kind) {
        ObjectNode k = parent.putObject("responseKind");
        k.put("group", group);
        k.put("version", version);
        k.put("kind", kind);
    }

    /** Verbs, short names and categories: what kubectl resolves names and {@code get all} by. */
    private static void verbsAndNames(ObjectNode r, ResourceType t) {
        strings(r.putArray("verbs"), t.verbs());
        if (!t.shortNames().isEmpty()) {
            strings(r.putArray("shortNames"), t.shortNames());
        }
        if (!t.categories().isEmpty()) {
            strings(r.putArray("categories"), t.categories());
        }
    }

    private List<String> groups() {
        return registry.servedGroupVersions().stream().filter(gv -> gv.contains("/"))
                .map(gv -> gv.substring(0, gv.indexOf('/'))).distinct().toList();
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    /** What discovery says of a subresource. */
    record SubresourceInfo(String group, String version, String kind, List<String> verbs) {
        static SubresourceInfo of(ResourceType t, String sub) {
            return switch (sub) {
                case "scale" -> new SubresourceInfo("autoscaling", "v1", "Scale", List.of("get", "patch", "update"));
                case "binding" -> new SubresourceInfo("", "v1", "Binding", List.of("create"));
                // kubectl drain evicts (rather than deletes) only when discovery names this group-version
                case "eviction" -> new SubresourceInfo("policy", "v1", "Eviction", List.of("create"));
                case "log" -> new SubresourceInfo("", "v1", "Pod", List.of("get"));
                case "exec" -> new SubresourceInfo("", "v1", "PodExecOptions", List.of("create", "get"));
                case "attach" -> new SubresourceInfo("", "v1", "PodAttachOptions", List.of("create", "get"));
                case "portforward" -> new SubresourceInfo("", "v1", "PodPortForwardOptions", List.of("create", "get"));
                case "token" -> new SubresourceInfo("authentication.k8s.io", "v1", "TokenRequest", List.of("create"));
                case "finalize" -> new SubresourceInfo("", "v1", t.kind(), List.of("update"));
                default -> new SubresourceInfo(t.group(), t.version(), t.kind(), List.of("get", "patch", "update"));
            };
        }
    }
}
