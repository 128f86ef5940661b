package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The admission step of Kubernetes' {@code DefaultTolerationSeconds}: a new pod that does not say how long it
 * stays on a not-ready or unreachable node gets a NoExecute toleration of each taint for a bounded time
 * (300 s in Kubernetes), after which the taint eviction controller moves it away. How quickly pods leave a
 * failed node is thus decided here, per cluster, and a pod can still choose its own time (or forever).
 */
final class DefaultTolerationSeconds {

    static final String NOT_READY = "node.kubernetes.io/not-ready";
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";

    private final long notReadySeconds;
    private final long unreachableSeconds;

    DefaultTolerationSeconds(long notReadySeconds, long unreachableSeconds) {
        this.notReadySeconds = notReadySeconds;
        this.unreachableSeconds = unreachableSeconds;
    }

    /** Adds the missing tolerations to a pod about to be created. */
    void admit(ObjectNode pod) {
        ObjectNode spec = Json.objectField(pod, "spec");
        JsonNode existing = spec.path("tolerations");
        boolean notReadyTolerated = tolerates(existing, NOT_READY);
        boolean unreachableTolerated = tolerates(existing, UNREACHABLE);
        if (notReadyTolerated && unreachableTolerated) {
            return;
        }
        ArrayNode tolerations = existing instanceof ArrayNode a ? a : spec.putArray("tolerations");
        if (!notReadyTolerated) {
            add(tolerations, NOT_READY, notReadySeconds);
        }
        if (!unreachableTolerated) {
            add(tolerations, UNREACHABLE, unreachableSeconds);
        }
    }

    /** Whether a toleration already covers the NoExecute taint {@code key} (any key with Exists, any effect). */
    private static boolean tolerates(JsonNode tolerations, String key) {
        for (JsonNode t : tolerations) {
            String tKey = t.path("key").asText("");
            String effect = t.path("effect").asText("");
            boolean keyMatches = tKey.equals(key) || (tKey.isEmpty() && "Exists".equals(t.path("operator").asText("")));
            if (keyMatches && (effect.isEmpty() || "NoExecute".equals(effect))) {
                return true;
            }
        }
        return false;
    }

    private static void add(ArrayNode tolerations, String key, long seconds) {
        tolerations.addObject().put("key", key).put("operator", "Exists").put("effect", "NoExecute")
                .put("tolerationSeconds", seconds);
    }
}
