package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** {@code metav1.Status} bodies. */
final class StatusBodies {

    private StatusBodies() {
    }

    static ObjectNode of(ApiException e) {
        return failure(e.code, e.reason, e.getMessage(), e.group, e.kind, e.name, e.causes);
    }

    static ObjectNode failure(int code, String reason, String message, String group, String kind, String name,
                              List<ApiException.Cause> causes) {
        ObjectNode status = Json.object();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", message);
        status.put("reason", reason);
        // A 404 always has details, empty when nothing names the object, as Kubernetes' NotFound does: kubectl debug reads
        // details.name of a 404 to tell "no ephemeralcontainers subresource" from "no such pod" (and panicked without it)
        if (group != null || kind != null || name != null || !causes.isEmpty() || code == 404) {
            ObjectNode details = status.putObject("details");
            if (name != null) {
                details.put("name", name);
            }
            if (group != null) {
                details.put("group", group);
            }
            if (kind != null) {
                details.put("kind", kind);
            }
            if (!causes.isEmpty()) {
                ArrayNode list = details.putArray("causes");
                for (ApiException.Cause c : causes) {
                    ObjectNode cause = list.addObject();
                    cause.put("reason", c.reason());
                    cause.put("message", c.message());
                    if (c.field() != null) { // causes that are not about a field (DisruptionBudget) have none
                        cause.put("field", c.field());
                    }
                }
            }
        }
        status.put("code", code);
        return status;
    }

    static ObjectNode success(String kind, String name, String group, String uid) {
        ObjectNode status = Json.object();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Success");
        ObjectNode details = status.putObject("details");
        details.put("name", name);
        details.put("group", group);
        details.put("kind", kind);
        if (uid != null) {
            details.put("uid", uid);
        }
        return status;
    }
}
