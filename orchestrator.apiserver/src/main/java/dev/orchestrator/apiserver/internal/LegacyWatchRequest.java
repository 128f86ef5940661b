package dev.orchestrator.apiserver.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request on one of the deprecated watch paths, seen as the watch it stands for:
 * {@code /api/v1/watch/<resource>}, {@code /api/v1/watch/namespaces/<ns>/<resource>[/<name>]} and
 * the same under {@code /apis/<group>/<version>/watch/} become the collection path with
 * {@code watch=true}; a name becomes the field selector {@code metadata.name=<name>}, as Kubernetes
 * serves these paths (older clients and kubectl still use them).
 */
final class LegacyWatchRequest extends HttpServletRequestWrapper {

    private final String collectionPath;
    private final String fieldSelector;

    private LegacyWatchRequest(HttpServletRequest request, String collectionPath, String fieldSelector) {
        super(request);
        this.collectionPath = collectionPath;
        this.fieldSelector = fieldSelector;
    }

    /**
     * @return the request seen as a watch of the collection, or the request itself when its path
     *         is not a deprecated watch path
     * @throws ApiException 404 for a watch path that names no collection, 405 for a method other than GET,
     *         400 for a field selector that names another object
     */
    static HttpServletRequest of(HttpServletRequest request, ResourceRegistry registry) {
        String path = request.getRequestURI();
        String[] parts = path.split("/", -1);
        int at = parts.length > 3 && parts[1].equals("api") ? 3 : parts.length > 4 && parts[1].equals("apis") ? 4 : -1;
        if (at < 0 || !parts[at].equals("watch")) {
            return request;
        }
        String prefix = String.join("/", java.util.Arrays.copyOf(parts, at));
        String rest = path.substring(prefix.length() + "/watch".length());
        ApiPath api = ApiPath.parse(prefix + rest, registry);
        if (api.kind() != ApiPath.Kind.RESOURCE || api.subresource() != null) {
            throw ApiException.notFound("the server could not find the requested resource");
        }
        if (!"GET".equals(request.getMethod())) {
            throw ApiException.methodNotAllowed("method " + request.getMethod() + " is not supported on a watch path; "
                    + "only GET");
        }
        String collection = prefix + (api.namespace() == null ? "" : "/namespaces/" + api.namespace()) + "/"
                + api.resource();
        return new LegacyWatchRequest(request, collection, selector(request.getParameter("fieldSelector"), api.name()));
    }

    /** The field selector of a watch of one object: the name, or a given selector that requires exactly that name. */
    private static String selector(String given, String name) {
        if (name == null) {
            return given;
        }
        if (given == null || given.isBlank()) {
            return "metadata.name=" + name;
        }
        for (String term : given.split(",")) {
            String t = term.replace(" ", "");
            if (t.equals("metadata.name=" + name) || t.equals("metadata.name==" + name)) {
                return given;
            }
        }
        throw ApiException.badRequest("fieldSelector metadata.name doesn't match requested name");
    }

    @Override
    public String getRequestURI() {
        return collectionPath;
    }

    @Override
    public String getParameter(String name) {
        return switch (name) {
            case "watch" -> "true";
            case "fieldSelector" -> fieldSelector;
            default -> super.getParameter(name);
        };
    }

    @Override
    public String[] getParameterValues(String name) {
        String value = getParameter(name);
        return switch (name) {
            case "watch", "fieldSelector" -> value == null ? null : new String[] {value};
            default -> super.getParameterValues(name);
        };
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        Map<String, String[]> all = new LinkedHashMap<>(super.getParameterMap());
        all.put("watch", new String[] {"true"});
        if (fieldSelector != null) {
            all.put("fieldSelector", new String[] {fieldSelector});
        }
        return all;
    }
}
