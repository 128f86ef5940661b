package dev.orchestrator.apiserver.internal.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orchestrator.apiserver.internal.authz.RequestAttributes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestLabelsTest {

    /** One row per case: what authorization reads of a request, and the verb and scope Kubernetes reports. */
    @ParameterizedTest(name = "{0} {1} {3}/{4} ns={5} name={6} -> {8} {9}")
    @CsvSource(nullValues = "-", value = {
            // method, authz verb, group, resource, subresource, namespace, name, content type, verb, scope
            "GET,    get,              '',   pods,        '',          default, web,  -,                                  GET,              resource",
            "GET,    list,             '',   pods,        '',          default, '',   -,                                  LIST,             namespace",
            "GET,    list,             '',   pods,        '',          '',      '',   -,                                  LIST,             cluster",
            "GET,    watch,            '',   pods,        '',          '',      '',   -,                                  WATCH,            cluster",
            "GET,    list,             '',   nodes,       '',          '',      n1,   -,                                  LIST,             resource",
            "POST,   create,           apps, deployments, '',          default, '',   application/json,                   POST,             resource",
            "PUT,    update,           '',   pods,        status,      default, web,  application/json,                   PUT,              resource",
            "PATCH,  patch,            '',   pods,        '',          default, web,  application/merge-patch+json,       PATCH,            resource",
            "PATCH,  patch,            apps, deployments, '',          default, web,  application/apply-patch+yaml,       APPLY,            resource",
            "DELETE, delete,           '',   pods,        '',          default, web,  -,                                  DELETE,           resource",
            "DELETE, deletecollection, '',   pods,        '',          default, '',   -,                                  DELETECOLLECTION, namespace",
            "POST,   create,           '',   pods,        exec,        default, web,  -,                                  CONNECT,          resource",
            "GET,    get,              '',   pods,        portforward, default, web,  -,                                  CONNECT,          resource",
            "GET,    get,              '',   pods,        log,         default, web,  -,                                  GET,              resource",
    })
    void verbAndScopeAsKubernetesReportsThem(String method, String verb, String group, String resource,
                                               String subresource, String namespace, String name, String contentType,
                                               String reportedVerb, String scope) {
        RequestAttributes attributes = RequestAttributes.resource(verb, group, "v1", resource, subresource, namespace, name);
        RequestLabels labels = RequestLabels.of(attributes, true, method, contentType, null);
        assertEquals(new RequestLabels(reportedVerb, "", group, "v1", resource, subresource, scope), labels);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "GET,     /healthz, GET",
            "POST,    /apis,    POST",
            "OPTIONS, /api,     other",
            "BREW,    /coffee,  other",
    })
    void nonResourceRequestsHaveOnlyTheirMethod(String method, String path, String verb) {
        RequestLabels labels = RequestLabels.of(RequestAttributes.nonResource(method.toLowerCase(), path), true, method,
                null, null);
        assertEquals(new RequestLabels(verb, "", "", "", "", "", ""), labels);
    }

    @ParameterizedTest(name = "dryRun={0} -> {1}")
    @CsvSource(nullValues = "-", value = {"-, ''", "All, All", "'All,All', All", "Some, invalid", "'All,x', invalid"})
    void dryRunIsAllInvalidOrEmpty(String values, String label) {
        String[] dryRun = values == null ? null : values.split(",");
        RequestLabels labels = RequestLabels.of(RequestAttributes.resource("create", "", "v1", "pods", "", "ns", ""),
                true, "POST", null, dryRun);
        assertEquals(label, labels.dryRun());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"the resource is not served", "the path could not be read"})
    void whatTheServerDoesNotServeIsNoLabel(String why) {
        RequestAttributes attributes = why.contains("not served")
                ? RequestAttributes.resource("get", "made.up", "v9", "anything", "", "ns", "x") : null;
        assertEquals(new RequestLabels("GET", "", "", "", "", "", ""),
                RequestLabels.of(attributes, false, "GET", null, null));
    }
}
