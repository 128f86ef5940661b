package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The status this server keeps on a CRD: {@code acceptedNames} and the conditions {@code NamesAccepted},
 * {@code Established} and, once deletion started, {@code Terminating}, with the reasons Kubernetes uses.
 * Written only when it differs (a transition time changes only with the condition's status), so two API
 * servers on one store agree instead of taking turns.
 */
final class CrdStatus {

    private CrdStatus() {
    }

    static void write(ObjectStorage storage, ResourceType crds, String name, CustomResourceSet.Conflict conflict) {
        storage.guaranteedUpdate(crds, null, name, crd -> {
            ObjectNode status = Json.objectField(crd, "status");
            boolean accepted = conflict == null;
            if (accepted) {
                status.set("acceptedNames", acceptedNames(crd.path("spec").path("names")));
                condition(status, "NamesAccepted", "True", "NoConflicts", "no conflicts found");
                condition(status, "Established", "True", "InitialNamesAccepted", "the initial names have been accepted");
            } else {
                if (!status.path("acceptedNames").isObject()) {
                    status.putObject("acceptedNames").put("plural", "").put("kind", "");
                }
                condition(status, "NamesAccepted", "False", conflict.reason(), conflict.message());
                if (!"True".equals(conditionStatus(status, "Established"))) {
                    condition(status, "Established", "False", "NotAccepted", "not all names are accepted");
                }
            }
            if (crd.path("metadata").has("deletionTimestamp")) {
                condition(status, "Terminating", "True", "InstanceDeletionInProgress",
                        "CustomResource deletion is in progress");
            }
            if (!status.path("storedVersions").isArray()) {
                status.putArray("storedVersions");
            }
            return crd;
        });
    }

    private static ObjectNode acceptedNames(JsonNode names) {
        ObjectNode accepted = Json.object();
        for (String f : new String[] {"plural", "singular", "shortNames", "kind", "listKind", "categories"}) {
            if (names.has(f)) {
                accepted.set(f, names.get(f).deepCopy());
            }
        }
        return accepted;
    }

    private static String conditionStatus(ObjectNode status, String type) {
        for (JsonNode c : status.path("conditions")) {
            if (type.equals(c.path("type").asText())) {
                return c.path("status").asText();
            }
        }
        return null;
    }

    private static void condition(ObjectNode status, String type, String value, String reason, String message) {
        ArrayNode conditions = status.path("conditions").isArray() ? (ArrayNode) status.get("conditions")
                : status.putArray("conditions");
        ObjectNode found = null;
        for (JsonNode c : conditions) {
            if (type.equals(c.path("type").asText()) && c instanceof ObjectNode o) {
                found = o;
            }
        }
        if (found == null) {
            found = conditions.addObject();
            found.put("type", type);
        }
        if (!value.equals(found.path("status").asText()) || !found.has("lastTransitionTime")) {
            found.put("lastTransitionTime", Json.now());
        }
        found.put("status", value);
        found.put("reason", reason);
        found.put("message", message);
    }
}
