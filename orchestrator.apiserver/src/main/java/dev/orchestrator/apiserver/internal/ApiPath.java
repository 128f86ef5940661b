package dev.orchestrator.apiserver.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * What a request path addresses: discovery, or a resource (collection, object or
 * subresource) in a group-version and, for namespaced resources, a namespace.
 */
record ApiPath(Kind kind, String group, String version, String namespace, String resource, String name,
               String subresource) {

    enum Kind { ROOT_API, ROOT_APIS, GROUP, GROUP_VERSION, RESOURCE, OTHER }

    static ApiPath parse(String path, ResourceRegistry registry) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (!p.isEmpty()) {
                parts.add(java.net.URLDecoder.decode(p, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        if (parts.isEmpty()) {
            return other();
        }
        List<String> rest;
        String group;
        String version;
        if (parts.get(0).equals("api")) {
            if (parts.size() == 1) {
                return new ApiPath(Kind.ROOT_API, "", null, null, null, null, null);
            }
            group = "";
            version = parts.get(1);
            rest = parts.subList(2, parts.size());
        } else if (parts.get(0).equals("apis")) {
            if (parts.size() == 1) {
                return new ApiPath(Kind.ROOT_APIS, null, null, null, null, null, null);
            }
            group = parts.get(1);
            if (parts.size() == 2) {
                return new ApiPath(Kind.GROUP, group, null, null, null, null, null);
            }
            version = parts.get(2);
            rest = parts.subList(3, parts.size());
        } else {
            return other();
        }
        if (rest.isEmpty()) {
            return new ApiPath(Kind.GROUP_VERSION, group, version, null, null, null, null);
        }
        String namespace = null;
        if (rest.get(0).equals("namespaces") && rest.size() >= 3 && group.isEmpty() && version.equals("v1")
                && registry.find(group, version, rest.get(2)).map(ResourceType::namespaced).orElse(false)) {
            namespace = rest.get(1);
            rest = rest.subList(2, rest.size());
        } else if (rest.get(0).equals("namespaces") && rest.size() >= 3 && !group.isEmpty()) {
            namespace = rest.get(1);
            rest = rest.subList(2, rest.size());
        }
        if (rest.size() > 3) {
            return other();
        }
        return new ApiPath(Kind.RESOURCE, group, version, namespace, rest.get(0),
                rest.size() > 1 ? rest.get(1) : null, rest.size() > 2 ? rest.get(2) : null);
    }

    private static ApiPath other() {
        return new ApiPath(Kind.OTHER, null, null, null, null, null, null);
    }
}
