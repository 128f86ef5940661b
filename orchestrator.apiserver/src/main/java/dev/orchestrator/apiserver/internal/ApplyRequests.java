package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.function.Consumer;

/** The request side of server-side apply: the applied configuration and the options, checked as Kubernetes checks them. */
final class ApplyRequests {

    private ApplyRequests() {
    }

    /** An apply needs a fieldManager, with no User-Agent fallback. */
    static FieldManager manager(HttpServletRequest request) {
        String given = request.getParameter("fieldManager");
        if (given == null || given.isEmpty()) {
            throw ApiException.invalidOptions("PatchOptions", List.of(new ApiException.Cause("FieldValueRequired",
                    "fieldManager", "Required value: is required for apply patch")));
        }
        return FieldManager.of(given, null, "PatchOptions");
    }

    static boolean force(HttpServletRequest request) {
        return QueryParameters.bool(request::getParameter, "force");
    }

    /** {@code force} only means something to an apply. */
    static void refuseForce(HttpServletRequest request) {
        if (force(request)) {
            throw ApiException.invalidOptions("PatchOptions", List.of(new ApiException.Cause("FieldValueForbidden",
                    "force", "Forbidden: may not be specified for non-apply patch")));
        }
    }

    /**
     * The applied configuration (YAML or JSON): kind and apiVersion must be given and match the URL, the
     * name too (filled in when left out); unknown fields are handled as fieldValidation asks.
     */
    static ObjectNode config(HttpServletRequest request, byte[] body, ResourceType type, String name,
                             FieldValidation fieldValidation, TypedDecoding typed, Consumer<List<String>> warnings) {
        ObjectNode config = Json.parseObject(body, !startsWithBrace(body));
        typed.decode(config, type, Json.yamlScalars(body));
        if (Json.text(config, "apiVersion") == null || Json.text(config, "kind") == null) {
            throw ApiException.badRequest("the applied configuration must set apiVersion and kind (here "
                    + type.apiVersion() + ", " + type.kind() + ")");
        }
        ObjectMeta.checkTypeMeta(config, type.apiVersion(), type.kind());
        String given = ObjectMeta.name(config);
        if (given != null && !given.equals(name)) {
            throw ApiException.badRequest("the name of the object (" + given + ") does not match the name on the URL ("
                    + name + ")");
        }
        ObjectMeta.metadata(config).put("name", name);
        if (config.path("metadata").has("managedFields")) {
            throw ApiException.badRequest("metadata.managedFields must be nil in an applied configuration");
        }
        warnings.accept(fieldValidation.check(config, type,
                FieldValidation.mode(request.getParameter("fieldValidation"))));
        return config;
    }

    private static boolean startsWithBrace(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return b == '{';
            }
        }
        return false;
    }
}
