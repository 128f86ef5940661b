package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The {@code pods} count of ResourceQuotas (core/v1), checked when a pod is created, as Kubernetes'
 * quota admission does for that one resource: a create that would take a namespace's pods that
 * count (those not Succeeded or Failed and not being deleted) above a quota's {@code spec.hard.pods}
 * (or {@code count/pods}) is refused with 403 Forbidden and Kubernetes' message. Other resources
 * of a quota are stored but not enforced, and usage is counted at each create rather than kept in
 * {@code status.used}, so two creates racing for the last slot may both pass.
 */
final class PodQuota {

    private final ObjectStorage storage;
    private final ResourceRegistry registry;

    PodQuota(ObjectStorage storage, ResourceRegistry registry) {
        this.storage = storage;
        this.registry = registry;
    }

    /** @throws ApiException 403 when a quota of the namespace has no room for one more pod */
    void admit(String namespace, String podName) {
        ResourceType quotas = registry.find("", "v1", "resourcequotas").orElseThrow();
        List<ObjectNode> found = storage.list(quotas, namespace, 0, 0, null, q -> true).items();
        Long used = null;
        for (ObjectNode quota : found) {
            long limit = limit(quota.path("spec").path("hard"));
            if (limit < 0) {
                continue;
            }
            if (used == null) {
                ResourceType pods = registry.find("", "v1", "pods").orElseThrow();
                used = (long) storage.list(pods, namespace, 0, 0, null, PodQuota::counts).items().size();
            }
            if (used + 1 > limit) {
                throw ApiException.forbidden("pods \"" + podName + "\" is forbidden: exceeded quota: "
                        + quota.path("metadata").path("name").asText() + ", requested: pods=1, used: pods=" + used
                        + ", limited: pods=" + limit);
            }
        }
    }

    /** The quota's pod count, or -1 when it sets none (or one that is not a plain number). */
    private static long limit(JsonNode hard) {
        JsonNode value = hard.has("pods") ? hard.get("pods") : hard.get("count/pods");
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.asText().trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean counts(ObjectNode pod) {
        String phase = pod.path("status").path("phase").asText("");
        return !"Succeeded".equals(phase) && !"Failed".equals(phase) && !pod.path("metadata").has("deletionTimestamp");
    }
}
