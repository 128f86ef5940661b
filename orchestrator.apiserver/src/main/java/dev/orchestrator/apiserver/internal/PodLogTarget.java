package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Which container's log a request means, and whether there is one to read, decided from the pod
 * as stored, with the messages kubectl users know from Kubernetes (all 400 Bad Request): the
 * container must be named when the pod has several, must be one of the pod's, must have started
 * (or, with {@code previous}, have a terminated instance before the current one).
 */
final class PodLogTarget {

    private PodLogTarget() {
    }

    /** The container to read: the one asked for, or the only one. */
    static String container(JsonNode pod, String asked) {
        String name = pod.path("metadata").path("name").asText();
        List<String> containers = names(pod.path("spec").path("containers"));
        List<String> inits = names(pod.path("spec").path("initContainers"));
        if (asked.isEmpty()) {
            if (containers.size() == 1) {
                return containers.get(0);
            }
            String message = "a container name must be specified for pod " + name + ", choose one of: ["
                    + String.join(" ", containers) + "]";
            if (!inits.isEmpty()) {
                message += " or one of the init containers: [" + String.join(" ", inits) + "]";
            }
            throw ApiException.badRequest(message);
        }
        if (!containers.contains(asked) && !inits.contains(asked)
                && !names(pod.path("spec").path("ephemeralContainers")).contains(asked)) {
            throw ApiException.badRequest("container " + asked + " is not valid for pod " + name);
        }
        return asked;
    }

    /**
     * Refuses a read that has nothing to read, as Kubernetes' kubelet words it: a container that
     * has not started, a terminated one whose instance is gone, a previous instance that never was.
     */
    static void requireLogs(JsonNode pod, String container, boolean previous) {
        String podName = pod.path("metadata").path("name").asText();
        String who = "container \"" + container + "\" in pod \"" + podName + "\"";
        JsonNode status = find(pod.path("status"), container);
        JsonNode last = status.path("lastState").path("terminated");
        boolean hasLast = last.isObject() && !last.path("containerID").asText("").isEmpty();
        if (previous) {
            if (!hasLast) {
                throw ApiException.badRequest("previous terminated " + who + " not found");
            }
            return;
        }
        JsonNode state = status.path("state");
        if (state.path("running").isObject()) {
            return;
        }
        if (state.path("terminated").isObject()) {
            if (state.path("terminated").path("containerID").asText("").isEmpty() && !hasLast) {
                throw ApiException.badRequest(who + " is terminated");
            }
            return;
        }
        if (hasLast) {
            return; // waiting to restart: the last run's log is what there is
        }
        String reason = state.path("waiting").path("reason").asText("");
        switch (reason) {
            case "ErrImagePull" -> throw ApiException.badRequest(who + " is waiting to start: image can't be pulled");
            case "ImagePullBackOff" -> throw ApiException.badRequest(who
                    + " is waiting to start: trying and failing to pull image");
            case "" -> throw ApiException.badRequest(who + " is waiting to start: ContainerCreating");
            default -> throw ApiException.badRequest(who + " is waiting to start: " + reason);
        }
    }

    private static JsonNode find(JsonNode status, String container) {
        for (String list : new String[] {"containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses"}) {
            for (JsonNode s : status.path(list)) {
                if (container.equals(s.path("name").asText())) {
                    return s;
                }
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static List<String> names(JsonNode containers) {
        List<String> names = new ArrayList<>();
        containers.forEach(c -> names.add(c.path("name").asText()));
        return names;
    }
}
