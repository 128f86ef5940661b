package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code /openapi/v3}: an index of one document per group-version, each declaring for
 * every resource a {@code patch} operation with {@code x-kubernetes-group-version-kind}
 * and the {@code fieldValidation} parameter. That is what kubectl looks for to hand
 * validation to the server ({@code --validate=strict}, the default) instead of failing.
 * The schemas (generated at build time from the fabric8 model, see
 * OpenApiSchemaGenerator in the tests) let {@code kubectl explain} show fields and types.
 */
final class OpenApi {

    private final ResourceRegistry registry;
    private final Schemas schemas;
    private final String kubernetesVersion;

    OpenApi(ResourceRegistry registry, Schemas schemas, String kubernetesVersion) {
        this.registry = registry;
        this.schemas = schemas;
        this.kubernetesVersion = kubernetesVersion;
    }

    ObjectNode index() {
        ObjectNode index = Json.object();
        ObjectNode paths = index.putObject("paths");
        for (String gv : registry.groupVersions()) {
            String path = gv.contains("/") ? "apis/" + gv : "api/" + gv;
            paths.putObject(path).put("serverRelativeURL", "/openapi/v3/" + path + "?hash=" + hash(gv));
        }
        return index;
    }

    /** @return the document of {@code api/v1} or {@code apis/<group>/<version>}, or null */
    ObjectNode document(String path) {
        String gv = path.startsWith("apis/") ? path.substring(5) : path.startsWith("api/") ? path.substring(4) : null;
        if (gv == null || registry.in(gv).isEmpty()) {
            return null;
        }
        ObjectNode doc = Json.object();
        doc.put("openapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Kubernetes");
        info.put("version", kubernetesVersion);
        ObjectNode paths = doc.putObject("paths");
        for (ResourceType t : registry.documented(gv)) {
            String base = "/" + (t.group().isEmpty() ? "api/" : "apis/" + t.group() + "/") + t.version()
                    + (t.namespaced() ? "/namespaces/{namespace}/" : "/") + t.plural() + "/{name}";
            // kubectl explain finds a resource's kind through the operations on its path
            boolean readOnly = registry.isComputed(t);
            ObjectNode operation = paths.putObject(base).putObject(readOnly ? "get" : "patch");
            operation.put("operationId", (readOnly ? "read" : "patch") + t.kind());
            ObjectNode gvk = operation.putObject("x-kubernetes-group-version-kind");
            gvk.put("group", t.group());
            gvk.put("version", t.version());
            gvk.put("kind", t.kind());
            operation.putObject("responses").putObject("200").put("description", "OK");
            if (readOnly) {
                continue;
            }
            ArrayNode parameters = operation.putArray("parameters");
            for (String p : new String[] {"dryRun", "fieldManager", "fieldValidation", "force"}) {
                ObjectNode param = parameters.addObject();
                param.put("name", p);
                param.put("in", "query");
                param.putObject("schema").put("type", p.equals("force") ? "boolean" : "string");
            }
        }
        ObjectNode custom = registry.custom().schemas().get(gv);
        ObjectNode all = schemas.of(gv);
        if (custom != null) {
            all = all.deepCopy().setAll(custom); // a CRD of a built-in group (approved) adds to its schemas
        }
        doc.putObject("components").set("schemas", all);
        return doc;
    }

    /** Changes with a custom resource's schema: kubectl keeps documents by this hash. */
    private String hash(String gv) {
        String custom = registry.custom().hashes().get(gv);
        return custom != null ? custom : Integer.toHexString(gv.hashCode() * 31 + 7);
    }
}
