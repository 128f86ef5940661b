package dev.orchestrator.controllers.internal.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Status conditions a controller writes onto pods it does not run: a strategic merge patch of the status
 * subresource, which merges conditions by type, so the kubelet's other conditions stay as they are.
 */
public final class PodStatusPatches {

    private PodStatusPatches() {
    }

    /**
     * Marks a pod about to be deleted by a controller with the condition {@code DisruptionTarget} (Kubernetes 1.26+),
     * which Job pod failure policies and users read to tell a disruption from the pod's own failure.
     *
     * @param failed also set phase Failed (for a pod no kubelet will ever finish)
     */
    public static void markDisruptionTarget(KubernetesClient client, Pod pod, String reason, String message,
                                            boolean failed, Instant now) {
        String condition = condition("DisruptionTarget", "True", now) + ",\"reason\":" + quoted(reason) + ",\"message\":"
                + quoted(message) + "}";
        patch(client, pod, (failed ? "\"phase\":\"Failed\"," : "") + "\"conditions\":[" + condition + "]");
    }

    /** Sets the pod's Ready condition to False, as the node lifecycle controller does for pods of an unreachable node. */
    public static void markNotReady(KubernetesClient client, Pod pod, Instant now) {
        patch(client, pod, "\"conditions\":[" + condition("Ready", "False", now) + "}]");
    }

    /** A condition's opening members, left open for more. */
    private static String condition(String type, String status, Instant now) {
        return "{\"type\":" + quoted(type) + ",\"status\":" + quoted(status) + ",\"lastTransitionTime\":\""
                + now.truncatedTo(ChronoUnit.SECONDS) + "\"";
    }

    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static void patch(KubernetesClient client, Pod pod, String statusMembers) {
        // by the object, not withName: fabric8 reads the object from the API first for a patch by name
        client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod)
                .subresource("status").patch(PatchContext.of(PatchType.STRATEGIC_MERGE), "{\"status\":{" + statusMembers + "}}");
    }
}
