package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.validation.PodValidation;
import java.util.List;

/** Pods: the defaults Kubernetes applies, a Pending status on create, validation by {@link PodValidation}. */
final class PodStrategy implements ResourceStrategy {

    @Override
    public void prepareForCreate(ObjectNode pod) {
        ObjectNode spec = Json.objectField(pod, "spec");
        defaultSpec(spec);
        ObjectNode status = pod.putObject("status");
        status.put("phase", "Pending");
        status.put("qosClass", qosClass(spec));
    }

    /** An update gets the defaults a create gets, so a PUT of the original manifest changes nothing. */
    @Override
    public void prepareForUpdate(ObjectNode pod, ObjectNode old) {
        if (pod.get("spec") instanceof ObjectNode spec) {
            defaultSpec(spec);
        }
    }

    /** The pod defaults of Kubernetes; idempotent. A negative grace period is read as 1, as Kubernetes does. */
    static void defaultSpec(ObjectNode spec) {
        putIfAbsent(spec, "restartPolicy", "Always");
        putIfAbsent(spec, "dnsPolicy", "ClusterFirst");
        putIfAbsent(spec, "schedulerName", "default-scheduler");
        if (!spec.has("terminationGracePeriodSeconds")) {
            spec.put("terminationGracePeriodSeconds", 30);
        } else if (spec.path("terminationGracePeriodSeconds").isIntegralNumber()
                && spec.path("terminationGracePeriodSeconds").asLong() < 0) {
            spec.put("terminationGracePeriodSeconds", 1);
        }
        if (!spec.has("securityContext")) {
            spec.putObject("securityContext");
        }
        defaultContainers(spec.path("initContainers"));
        defaultContainers(spec.path("containers"));
        defaultContainers(spec.path("ephemeralContainers"));
    }

    @Override
    public void validate(ObjectNode pod, List<ApiException.Cause> causes) {
        PodValidation.validate(pod, Causes.into(causes));
    }

    /** Ephemeral containers come only through pods/ephemeralcontainers. */
    @Override
    public void validateCreate(ObjectNode pod, List<ApiException.Cause> causes) {
        PodValidation.validateCreate(pod, Causes.into(causes));
    }

    @Override
    public void validateUpdate(ObjectNode pod, ObjectNode old, List<ApiException.Cause> causes) {
        PodValidation.validateUpdate(pod, old, Causes.into(causes));
    }

    @Override
    public void validateStatusUpdate(ObjectNode pod, ObjectNode old, List<ApiException.Cause> causes) {
        PodValidation.validateStatus(pod, Causes.into(causes));
    }

    /** A pod on a node gets its grace period so the kubelet can stop it; an unbound pod goes at once. */
    @Override
    public long gracePeriodSeconds(ObjectNode pod, JsonNode deleteOptions) {
        if (pod.path("spec").path("nodeName").asText("").isEmpty()) {
            return 0;
        }
        if (deleteOptions.has("gracePeriodSeconds")) {
            return Math.max(0, deleteOptions.path("gracePeriodSeconds").asLong());
        }
        return pod.path("spec").path("terminationGracePeriodSeconds").asLong(30);
    }

    private static void defaultContainers(JsonNode containers) {
        for (JsonNode c : containers) {
            if (c instanceof ObjectNode container) {
                if (!container.has("imagePullPolicy")) {
                    String image = Json.text(container, "image");
                    container.put("imagePullPolicy", image != null && hasTag(image) && !image.endsWith(":latest")
                            ? "IfNotPresent" : "Always");
                }
                putIfAbsent(container, "terminationMessagePath", "/dev/termination-log");
                putIfAbsent(container, "terminationMessagePolicy", "File");
                if (!container.has("resources")) {
                    container.putObject("resources");
                }
                defaultRequestsToLimits(container.get("resources"));
                for (JsonNode port : container.path("ports")) {
                    if (port instanceof ObjectNode p) {
                        putIfAbsent(p, "protocol", "TCP");
                    }
                }
            }
        }
    }

    /** A limit without a request makes the request equal to the limit, as Kubernetes defaults containers. */
    private static void defaultRequestsToLimits(JsonNode resources) {
        if (resources instanceof ObjectNode r && r.path("limits").isObject() && !r.path("limits").isEmpty()) {
            JsonNode requests = r.get("requests");
            ObjectNode into = requests instanceof ObjectNode o ? o : null;
            for (var it = r.get("limits").fields(); it.hasNext(); ) {
                var limit = it.next();
                if (into == null && (requests == null || requests.isNull())) {
                    into = r.putObject("requests");
                }
                if (into != null && !into.has(limit.getKey())) {
                    into.set(limit.getKey(), limit.getValue().deepCopy());
                }
            }
        }
    }

    /** The QoS class again, after admission plugins (LimitRanger) changed the containers' resources. */
    static void refreshQosClass(ObjectNode pod) {
        if (pod.get("status") instanceof ObjectNode status && status.has("qosClass")) {
            status.put("qosClass", qosClass(pod.path("spec")));
        }
    }

    private static boolean hasTag(String image) {
        int slash = image.lastIndexOf('/');
        return image.indexOf(':', slash + 1) >= 0 || image.contains("@");
    }

    /** Guaranteed when every container sets equal cpu and memory limits and requests, BestEffort when none. */
    static String qosClass(JsonNode spec) {
        boolean any = false;
        boolean guaranteed = true;
        for (JsonNode c : spec.path("containers")) {
            JsonNode requests = c.path("resources").path("requests");
            JsonNode limits = c.path("resources").path("limits");
            if (!requests.isEmpty() || !limits.isEmpty()) {
                any = true;
            }
            for (String r : new String[] {"cpu", "memory"}) {
                JsonNode limit = limits.get(r);
                JsonNode request = requests.has(r) ? requests.get(r) : limit;
                if (limit == null || !limit.equals(request)) {
                    guaranteed = false;
                }
            }
        }
        return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }

    static void putIfAbsent(ObjectNode node, String field, String value) {
        if (!node.hasNonNull(field)) {
            node.put(field, value);
        }
    }

    /** READY as ready/total containers. */
    static String ready(ObjectNode pod) {
        int total = pod.path("spec").path("containers").size();
        int ready = 0;
        for (JsonNode s : pod.path("status").path("containerStatuses")) {
            if (s.path("ready").asBoolean()) {
                ready++;
            }
        }
        return ready + "/" + total;
    }

    /**
     * STATUS as kubectl's pod printer computes it: an init container's progress or trouble
     * ("Init:0/2", "Init:CrashLoopBackOff", "Init:Error"), else the last app container's waiting or
     * terminated reason, else the phase; "Terminating" while being deleted.
     */
    static String status(ObjectNode pod) {
        JsonNode status = pod.path("status");
        String reason = Json.text(status, "reason");
        if (reason == null || reason.isEmpty()) {
            reason = Json.text(status, "phase");
        }
        String init = initStatus(pod);
        if (init != null) {
            reason = init;
        } else {
            boolean running = false;
            JsonNode containers = status.path("containerStatuses");
            for (int i = containers.size() - 1; i >= 0; i--) {
                JsonNode state = containers.get(i).path("state");
                String waiting = Json.text(state.path("waiting"), "reason");
                if (waiting != null && !waiting.isEmpty()) {
                    reason = waiting;
                } else if (state.has("terminated")) {
                    reason = exitReason(state.path("terminated"), "");
                } else if (state.has("running") && containers.get(i).path("ready").asBoolean()) {
                    running = true;
                }
            }
            if ("Completed".equals(reason) && running) {
                reason = "Running";
            }
        }
        if (pod.path("metadata").has("deletionTimestamp")) {
            return "Terminating";
        }
        return reason == null || reason.isEmpty() ? "Unknown" : reason;
    }

    /** The STATUS while init containers have not all succeeded, else null. */
    private static String initStatus(ObjectNode pod) {
        JsonNode inits = pod.path("status").path("initContainerStatuses");
        int total = pod.path("spec").path("initContainers").size();
        for (int i = 0; i < inits.size(); i++) {
            JsonNode state = inits.get(i).path("state");
            JsonNode terminated = state.path("terminated");
            if (state.has("terminated") && terminated.path("exitCode").asInt() == 0) {
                continue;
            }
            if (state.has("terminated")) {
                return exitReason(terminated, "Init:");
            }
            String waiting = Json.text(state.path("waiting"), "reason");
            if (waiting != null && !waiting.isEmpty() && !"PodInitializing".equals(waiting)) {
                return "Init:" + waiting;
            }
            return "Init:" + i + "/" + total;
        }
        return null;
    }

    private static String exitReason(JsonNode terminated, String prefix) {
        String reason = Json.text(terminated, "reason");
        if (reason != null && !reason.isEmpty()) {
            return prefix + reason;
        }
        int signal = terminated.path("signal").asInt(0);
        return signal != 0 ? prefix + "Signal:" + signal : prefix + "ExitCode:" + terminated.path("exitCode").asInt();
    }

    static long restarts(ObjectNode pod) {
        long restarts = 0;
        for (JsonNode s : pod.path("status").path("containerStatuses")) {
            restarts += s.path("restartCount").asLong();
        }
        for (JsonNode s : pod.path("status").path("initContainerStatuses")) {
            restarts += s.path("restartCount").asLong();
        }
        return restarts;
    }
}
