package dev.orchestrator.apiserver.internal.authz;

/**
 * What a request asks to do, as Kubernetes' {@code authorizer.Attributes} describe it (the user apart): for a
 * resource request the verb, API group and version, resource, subresource, namespace and name; for any other
 * request (discovery, health, version) the path and the lower-case HTTP verb. Empty strings stand for absent
 * parts, as in Kubernetes, so rules compare without null checks.
 */
public record RequestAttributes(boolean resourceRequest, String verb, String apiGroup, String apiVersion,
                                String resource, String subresource, String namespace, String name, String path) {

    public RequestAttributes {
        verb = orEmpty(verb);
        apiGroup = orEmpty(apiGroup);
        apiVersion = orEmpty(apiVersion);
        resource = orEmpty(resource);
        subresource = orEmpty(subresource);
        namespace = orEmpty(namespace);
        name = orEmpty(name);
        path = orEmpty(path);
    }

    /** A request on a resource (namespace empty: cluster-scoped, or all namespaces). */
    public static RequestAttributes resource(String verb, String apiGroup, String apiVersion, String resource,
                                             String subresource, String namespace, String name) {
        return new RequestAttributes(true, verb, apiGroup, apiVersion, resource, subresource, namespace, name, "");
    }

    /** A request on a path that is no resource ({@code /healthz}, {@code /apis}). */
    public static RequestAttributes nonResource(String verb, String path) {
        return new RequestAttributes(false, verb, "", "", "", "", "", "", path);
    }

    /** {@code pods} or {@code pods/log}: how rules name a resource with its subresource. */
    public String combinedResource() {
        return subresource.isEmpty() ? resource : resource + "/" + subresource;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
