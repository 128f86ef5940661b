package dev.orchestrator.apiserver.internal.monitoring;

import dev.orchestrator.apiserver.internal.authz.RequestAttributes;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;

/**
 * How Kubernetes labels a request in {@code apiserver_request_total} and {@code apiserver_request_duration_seconds}
 * (the code apart): the verb in upper case as the metrics report it ({@code GET} of one object, {@code LIST},
 * {@code WATCH}, {@code POST}, {@code PUT}, {@code PATCH}, {@code APPLY} for a server-side apply patch, {@code DELETE},
 * {@code DELETECOLLECTION}, {@code CONNECT} for exec, attach, port-forward and proxy), the dry-run value of the query,
 * group, version, resource, subresource, and the scope ({@code resource} for a request on one object or a create,
 * {@code namespace} within a namespace, {@code cluster} across them, empty for a non-resource request).
 *
 * <p>Every value comes from a bounded set, so that no client can grow the number of series: a resource or
 * subresource the server does not serve is labelled as a non-resource request, an HTTP method outside the known
 * ones as {@code other}, a dry-run value other than {@code All} as {@code invalid}.
 */
public record RequestLabels(String verb, String dryRun, String group, String version, String resource,
                            String subresource, String scope) {

    /** The subresources whose requests Kubernetes reports as {@code CONNECT}. */
    private static final Set<String> CONNECT = Set.of("exec", "attach", "portforward", "proxy");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final String APPLY_PATCH = "application/apply-patch";
    private static final Comparator<RequestLabels> ORDER = Comparator.comparing(RequestLabels::group)
            .thenComparing(RequestLabels::version).thenComparing(RequestLabels::resource)
            .thenComparing(RequestLabels::subresource).thenComparing(RequestLabels::verb)
            .thenComparing(RequestLabels::scope).thenComparing(RequestLabels::dryRun);

    /** The order series are written in: by group, version, resource, subresource, verb, scope, dry run. */
    static Comparator<RequestLabels> order() {
        return ORDER;
    }

    /**
     * The labels of a request.
     *
     * @param attributes  what authorization reads of the request; null when its path could not be read
     * @param served      whether the server serves the attributes' resource (and subresource): only then are they
     *                    labels
     * @param method      the HTTP method
     * @param contentType the request's Content-Type (tells an apply patch), or null
     * @param dryRun      the query's {@code dryRun} values, or null
     */
    public static RequestLabels of(RequestAttributes attributes, boolean served, String method, String contentType,
                                   String[] dryRun) {
        String dry = dryRunOf(dryRun);
        if (attributes == null || !attributes.resourceRequest() || !served) {
            return new RequestLabels(METHODS.contains(method) ? method : "other", dry, "", "", "", "", "");
        }
        return new RequestLabels(verbOf(attributes, contentType), dry, attributes.apiGroup(), attributes.apiVersion(),
                attributes.resource(), attributes.subresource(), scopeOf(attributes));
    }

    /** The labels of a request whose query could not be read (so it never got to be classified). */
    public static RequestLabels unreadable(String method) {
        return of(null, false, method, null, null);
    }

    /** Whether the request holds a seat of {@code apiserver_current_inflight_requests} as a mutating one. */
    boolean mutating() {
        return switch (verb) {
            case "GET", "LIST", "WATCH" -> false;
            default -> true;
        };
    }

    /** The labels as written, with {@code component="apiserver"}, without dry_run when {@code withDryRun} is false. */
    Map<String, String> asMap(boolean withDryRun) {
        return withDryRun
                ? Map.of("verb", verb, "dry_run", dryRun, "group", group, "version", version, "resource", resource,
                        "subresource", subresource, "scope", scope, "component", "apiserver")
                : Map.of("verb", verb, "group", group, "version", version, "resource", resource,
                        "subresource", subresource, "scope", scope, "component", "apiserver");
    }

    private static String verbOf(RequestAttributes a, String contentType) {
        if (CONNECT.contains(a.subresource())) {
            return "CONNECT";
        }
        return switch (a.verb()) {
            case "get" -> "GET";
            case "list" -> "LIST";
            case "watch" -> "WATCH";
            case "create" -> "POST";
            case "update" -> "PUT";
            case "patch" -> contentType != null && contentType.startsWith(APPLY_PATCH) ? "APPLY" : "PATCH";
            case "delete" -> "DELETE";
            case "deletecollection" -> "DELETECOLLECTION";
            default -> "other";
        };
    }

    private static String scopeOf(RequestAttributes a) {
        if (!a.name().isEmpty() || a.verb().equals("create")) {
            return "resource";
        }
        return a.namespace().isEmpty() ? "cluster" : "namespace";
    }

    private static String dryRunOf(String[] values) {
        if (values == null || values.length == 0) {
            return "";
        }
        for (String v : values) {
            if (!"All".equals(v)) {
                return "invalid";
            }
        }
        return "All";
    }
}
