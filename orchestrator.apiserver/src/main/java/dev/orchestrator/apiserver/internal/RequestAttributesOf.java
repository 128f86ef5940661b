package dev.orchestrator.apiserver.internal;

import dev.orchestrator.apiserver.internal.authz.RequestAttributes;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;

/**
 * What a request asks, as Kubernetes' request-info reads it from the path, method and query: a resource request's
 * verb is get, list or watch (a GET with {@code watch}; the deprecated {@code /watch/} paths arrive as such,
 * {@link LegacyWatchRequest}), create, update, patch, delete or deletecollection; a
 * namespace is itself the namespace of requests on it; a list or watch selecting one {@code metadata.name} is a
 * request on that name. Every other path (discovery, health, version, OpenAPI) is a non-resource request with the
 * lower-case HTTP method as verb.
 */
final class RequestAttributesOf {

    /** Request attribute: the first reading, with the path it was read from (see {@link #kept}). */
    private static final String KEPT = RequestAttributesOf.class.getName();

    private record Kept(String path, RequestAttributes attributes) {
    }

    private RequestAttributesOf() {
    }

    /**
     * {@link #request}, read once per request: the audit filter, authorization and the servlet each ask. A reading
     * is reused only for the same path, so a deprecated watch path, which the servlet reads rewritten, is read again.
     */
    static RequestAttributes kept(HttpServletRequest request, ResourceRegistry registry) {
        String path = request.getRequestURI();
        if (request.getAttribute(KEPT) instanceof Kept kept && kept.path().equals(path)) {
            return kept.attributes();
        }
        RequestAttributes read = request(request, registry);
        request.setAttribute(KEPT, new Kept(path, read));
        return read;
    }

    private static RequestAttributes request(HttpServletRequest request, ResourceRegistry registry) {
        String path = request.getRequestURI();
        String method = request.getMethod();
        ApiPath api = ApiPath.parse(path, registry);
        if (api.kind() != ApiPath.Kind.RESOURCE) {
            return RequestAttributes.nonResource(method.toLowerCase(Locale.ROOT), path);
        }
        String name = api.name();
        String verb = switch (method) {
            case "GET", "HEAD" -> name != null ? "get"
                    : QueryParameters.bool(request::getParameter, "watch") ? "watch" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name != null ? "delete" : "deletecollection";
            default -> method.toLowerCase(Locale.ROOT);
        };
        if (name == null && (verb.equals("list") || verb.equals("watch"))) {
            name = selectedName(request.getParameter("fieldSelector"));
        }
        String namespace = api.namespace();
        if (api.group().isEmpty() && "namespaces".equals(api.resource()) && name != null) {
            namespace = name;
        }
        return RequestAttributes.resource(verb, api.group(), api.version(), api.resource(), api.subresource(),
                namespace, name);
    }

    /** The name a field selector requires ({@code metadata.name=x}), or null. */
    private static String selectedName(String fieldSelector) {
        if (fieldSelector == null) {
            return null;
        }
        for (String term : fieldSelector.split(",")) {
            String t = term.trim();
            for (String prefix : new String[] {"metadata.name==", "metadata.name="}) {
                if (t.startsWith(prefix) && !t.substring(prefix.length()).isEmpty()
                        && !t.substring(prefix.length()).contains("/")) {
                    return t.substring(prefix.length());
                }
            }
        }
        return null;
    }
}
