package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Defaults and validation of namespaces and of the workload kinds (deployments, replica sets, jobs). */
final class WorkloadStrategies {

    private WorkloadStrategies() {
    }

    static final ResourceStrategy NAMESPACE = new ResourceStrategy() {
        @Override
        public void prepareForCreate(ObjectNode namespace) {
            Json.objectField(namespace, "spec").putArray("finalizers").add("kubernetes");
            namespace.putObject("status").put("phase", "Active");
            ObjectNode labels = Json.objectField(Json.objectField(namespace, "metadata"), "labels");
            labels.put("kubernetes.io/metadata.name", namespace.path("metadata").path("name").asText());
        }

        @Override
        public void checkDeletable(String name) {
            if (SYSTEM_NAMESPACES.contains(name)) {
                throw ApiException.forbidden("namespaces \"" + name + "\" is forbidden: this namespace may not be deleted");
            }
        }

        /** spec.finalizers ("kubernetes") hold a namespace until its contents are gone. */
        @Override
        public boolean heldOnDelete(ObjectNode namespace) {
            return namespace.path("spec").path("finalizers").size() > 0;
        }

        @Override
        public void markTerminating(ObjectNode namespace) {
            Json.objectField(namespace, "status").put("phase", "Terminating");
        }
    };

    private static final java.util.Set<String> SYSTEM_NAMESPACES = java.util.Set.of("default", "kube-system", "kube-public");

    static final ResourceStrategy DEPLOYMENT = new ResourceStrategy() {
        @Override
        public void prepareForCreate(ObjectNode deployment) {
            ObjectNode spec = Json.objectField(deployment, "spec");
            defaultReplicas(spec);
            ObjectNode strategy = Json.objectField(spec, "strategy");
            PodStrategy.putIfAbsent(strategy, "type", "RollingUpdate");
            if ("RollingUpdate".equals(strategy.path("type").asText())) {
                ObjectNode rolling = Json.objectField(strategy, "rollingUpdate");
                PodStrategy.putIfAbsent(rolling, "maxSurge", "25%");
                PodStrategy.putIfAbsent(rolling, "maxUnavailable", "25%");
            }
            if (!spec.has("revisionHistoryLimit")) {
                spec.put("revisionHistoryLimit", 10);
            }
            if (!spec.has("progressDeadlineSeconds")) {
                spec.put("progressDeadlineSeconds", 600);
            }
            defaultTemplate(spec);
            deployment.putObject("status");
        }

        @Override
        public void validate(ObjectNode deployment, List<ApiException.Cause> causes) {
            validateSelectorAndTemplate(deployment.path("spec"), causes);
        }
    };

    static final ResourceStrategy REPLICA_SET = new ResourceStrategy() {
        @Override
        public void prepareForCreate(ObjectNode replicaSet) {
            ObjectNode spec = Json.objectField(replicaSet, "spec");
            defaultReplicas(spec);
            defaultTemplate(spec);
            replicaSet.putObject("status").put("replicas", 0);
        }

        @Override
        public void validate(ObjectNode replicaSet, List<ApiException.Cause> causes) {
            validateSelectorAndTemplate(replicaSet.path("spec"), causes);
        }
    };

    static final ResourceStrategy JOB = new ResourceStrategy() {
        @Override
        public void prepareForCreate(ObjectNode job) {
            ObjectNode spec = Json.objectField(job, "spec");
            if (!spec.has("parallelism")) {
                spec.put("parallelism", 1);
            }
            if (!spec.has("completions") && spec.path("parallelism").asInt() == 1) {
                spec.put("completions", 1);
            }
            if (!spec.has("backoffLimit")) {
                spec.put("backoffLimit", 6);
            }
            PodStrategy.putIfAbsent(spec, "completionMode", "NonIndexed");
            if (!spec.has("suspend")) {
                spec.put("suspend", false);
            }
            defaultTemplate(spec);
            job.putObject("status");
        }

        @Override
        public void validate(ObjectNode job, List<ApiException.Cause> causes) {
            String restart = job.path("spec").path("template").path("spec").path("restartPolicy").asText("");
            if (!restart.equals("Never") && !restart.equals("OnFailure")) {
                causes.add(new ApiException.Cause("FieldValueNotSupported", "spec.template.spec.restartPolicy",
                        "Unsupported value: \"" + restart + "\": supported values: \"OnFailure\", \"Never\""));
            }
        }
    };

    private static void defaultReplicas(ObjectNode spec) {
        if (!spec.has("replicas")) {
            spec.put("replicas", 1);
        }
    }

    /** Pod template defaults are the pod defaults, without a status. */
    private static void defaultTemplate(ObjectNode spec) {
        ObjectNode template = Json.objectField(spec, "template");
        JsonNode restart = template.path("spec").get("restartPolicy");
        new PodStrategy().prepareForCreate(template);
        template.remove("status");
        if (restart == null && spec.has("completionMode")) {
            // Jobs have no default restart policy; validation asks for one.
            ((ObjectNode) template.get("spec")).remove("restartPolicy");
        }
    }

    private static void validateSelectorAndTemplate(JsonNode spec, List<ApiException.Cause> causes) {
        JsonNode selector = spec.path("selector");
        if (selector.path("matchLabels").isEmpty() && selector.path("matchExpressions").isEmpty()) {
            causes.add(new ApiException.Cause("FieldValueRequired", "spec.selector", "Required value"));
            return;
        }
        try {
            LabelSelector s = LabelSelector.fromObject(selector);
            JsonNode labels = spec.path("template").path("metadata").path("labels");
            if (!s.matches(labels)) {
                causes.add(new ApiException.Cause("FieldValueInvalid", "spec.template.metadata.labels",
                        "Invalid value: " + labels + ": `selector` does not match template `labels`"));
            }
        } catch (ApiException e) {
            causes.add(new ApiException.Cause("FieldValueInvalid", "spec.selector", e.getMessage()));
        }
        if (spec.path("replicas").asInt(0) < 0) {
            causes.add(new ApiException.Cause("FieldValueInvalid", "spec.replicas",
                    "Invalid value: " + spec.path("replicas") + ": must be greater than or equal to 0"));
        }
    }
}
