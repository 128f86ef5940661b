package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.validation.AppsValidation;
import dev.orchestrator.apiserver.internal.validation.CronJobValidation;
import dev.orchestrator.apiserver.internal.validation.JobValidation;
import dev.orchestrator.apiserver.internal.validation.NamespaceValidation;
import dev.orchestrator.apiserver.internal.validation.SelectorMatcher;
import java.util.List;

/**
 * Defaults and validation of namespaces and of the workload kinds (deployments, replica sets, jobs, cron jobs); daemon
 * and stateful sets have classes of their own.
 */
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

        /** spec.finalizers change through namespaces/finalize only, as in Kubernetes. */
        @Override
        public void prepareForUpdate(ObjectNode namespace, ObjectNode old) {
            JsonNode kept = old.path("spec").path("finalizers");
            if (kept.isArray()) {
                Json.objectField(namespace, "spec").set("finalizers", kept.deepCopy());
            } else if (namespace.path("spec") instanceof ObjectNode spec) {
                spec.remove("finalizers");
            }
        }

        @Override
        public void validate(ObjectNode namespace, List<ApiException.Cause> causes) {
            NamespaceValidation.validate(namespace, Causes.into(causes));
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
            defaultSpec(spec);
            defaultTemplate(spec);
            deployment.putObject("status");
        }

        /**
         * Kubernetes defaults every decoded object, updates too: an apply that no longer sets a field
         * it owned (strategy, once all of it) removes it, and the default comes back.
         */
        private void defaultSpec(ObjectNode spec) {
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
        }

        @Override
        public void prepareForUpdate(ObjectNode deployment, ObjectNode old) {
            templateDefaultsOnUpdate(deployment);
            if (deployment.path("spec").isObject()) {
                defaultSpec((ObjectNode) deployment.get("spec"));
            }
        }

        @Override
        public void validate(ObjectNode deployment, List<ApiException.Cause> causes) {
            AppsValidation.validateDeployment(deployment, SELECTORS, Causes.into(causes));
        }

        @Override
        public void validateUpdate(ObjectNode deployment, ObjectNode old, List<ApiException.Cause> causes) {
            AppsValidation.validateUpdate(deployment, old, Causes.into(causes));
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
        public void prepareForUpdate(ObjectNode replicaSet, ObjectNode old) {
            templateDefaultsOnUpdate(replicaSet);
            if (replicaSet.get("spec") instanceof ObjectNode spec) {
                defaultReplicas(spec); // as on create: an apply that stops setting replicas gets the default back
            }
        }

        @Override
        public void validate(ObjectNode replicaSet, List<ApiException.Cause> causes) {
            AppsValidation.validateReplicaSet(replicaSet, SELECTORS, Causes.into(causes));
        }

        @Override
        public void validateUpdate(ObjectNode replicaSet, ObjectNode old, List<ApiException.Cause> causes) {
            AppsValidation.validateUpdate(replicaSet, old, Causes.into(causes));
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
            generateSelector(job, spec);
            job.putObject("status");
        }

        @Override
        public void prepareForUpdate(ObjectNode job, ObjectNode old) {
            templateDefaultsOnUpdate(job);
        }

        @Override
        public void validate(ObjectNode job, List<ApiException.Cause> causes) {
            JobValidation.validate(job, SELECTORS, Causes.into(causes));
        }

        @Override
        public void validateUpdate(ObjectNode job, ObjectNode old, List<ApiException.Cause> causes) {
            JobValidation.validateUpdate(job, old, Causes.into(causes));
        }
    };

    /**
     * Kubernetes' generated Job selector: unless {@code manualSelector} is true, the pods of a Job
     * carry its uid and name as labels and the selector (when the client sent none) selects that
     * uid, so two Jobs with the same template labels never claim each other's pods.
     */
    private static void generateSelector(ObjectNode job, ObjectNode spec) {
        if (spec.path("manualSelector").asBoolean(false)) {
            return;
        }
        String uid = job.path("metadata").path("uid").asText("");
        String name = job.path("metadata").path("name").asText("");
        ObjectNode labels = Json.objectField(Json.objectField(Json.objectField(spec, "template"), "metadata"), "labels");
        labels.put("batch.kubernetes.io/controller-uid", uid);
        labels.put("batch.kubernetes.io/job-name", name);
        labels.put("controller-uid", uid);
        labels.put("job-name", name);
        if (!spec.has("selector")) {
            spec.putObject("selector").putObject("matchLabels").put("batch.kubernetes.io/controller-uid", uid);
        }
    }

    /**
     * CronJobs: Kubernetes' defaults (Allow, not suspended, 3 successful and 1 failed Jobs kept) and the
     * pod defaults of the job template; the template's Job fields are defaulted when each Job is created.
     */
    static final ResourceStrategy CRON_JOB = new ResourceStrategy() {
        @Override
        public void prepareForCreate(ObjectNode cronJob) {
            ObjectNode spec = Json.objectField(cronJob, "spec");
            defaultSpec(spec);
            defaultTemplate(Json.objectField(Json.objectField(spec, "jobTemplate"), "spec"), true);
            cronJob.putObject("status");
        }

        private void defaultSpec(ObjectNode spec) {
            PodStrategy.putIfAbsent(spec, "concurrencyPolicy", "Allow");
            putIfAbsent(spec, "suspend", false);
            putIfAbsent(spec, "successfulJobsHistoryLimit", 3);
            putIfAbsent(spec, "failedJobsHistoryLimit", 1);
        }

        @Override
        public void prepareForUpdate(ObjectNode cronJob, ObjectNode old) {
            if (cronJob.get("spec") instanceof ObjectNode spec) {
                defaultSpec(spec); // on update too, as Kubernetes defaults every decoded object
            }
            if (cronJob.path("spec").path("jobTemplate").path("spec").path("template").get("spec") instanceof ObjectNode podSpec) {
                boolean restartPolicy = podSpec.has("restartPolicy");
                PodStrategy.defaultSpec(podSpec);
                if (!restartPolicy) {
                    podSpec.remove("restartPolicy"); // as for jobs: no default, validation asks for one
                }
            }
        }

        @Override
        public void validate(ObjectNode cronJob, List<ApiException.Cause> causes) {
            CronJobValidation.validate(cronJob, SELECTORS, Causes.into(causes));
        }

        @Override
        public void validateUpdate(ObjectNode cronJob, ObjectNode old, List<ApiException.Cause> causes) {
            CronJobValidation.validateUpdate(cronJob, old, SELECTORS, Causes.into(causes));
        }
    };

    private static void putIfAbsent(ObjectNode node, String field, boolean value) {
        if (!node.has(field)) {
            node.put(field, value);
        }
    }

    private static void putIfAbsent(ObjectNode node, String field, int value) {
        if (!node.has(field)) {
            node.put(field, value);
        }
    }

    /** Selector matching for the validation classes, by the server's own {@link LabelSelector}. */
    static final SelectorMatcher SELECTORS = (selector, labels) -> {
        try {
            return LabelSelector.fromObject(selector).matches(labels);
        } catch (ApiException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    };

    /** The pod defaults of a template, on update as on create (idempotent), so a PUT without them changes nothing. */
    static void templateDefaultsOnUpdate(ObjectNode workload) {
        if (workload.path("spec").path("template").get("spec") instanceof ObjectNode podSpec) {
            boolean restartPolicy = podSpec.has("restartPolicy");
            PodStrategy.defaultSpec(podSpec);
            if (!restartPolicy && workload.path("spec").has("completionMode")) {
                podSpec.remove("restartPolicy"); // jobs have no default restart policy
            }
        }
    }

    static void defaultReplicas(ObjectNode spec) {
        if (!spec.has("replicas")) {
            spec.put("replicas", 1);
        }
    }

    /** Pod template defaults are the pod defaults, without a status. */
    static void defaultTemplate(ObjectNode spec) {
        defaultTemplate(spec, spec.has("completionMode"));
    }

    /** {@code jobPods}: the template of a Job or of a CronJob's Job template, which has no default restart policy. */
    private static void defaultTemplate(ObjectNode spec, boolean jobPods) {
        ObjectNode template = Json.objectField(spec, "template");
        JsonNode restart = template.path("spec").get("restartPolicy");
        new PodStrategy().prepareForCreate(template);
        template.remove("status");
        if (restart == null && jobPods) {
            // Jobs have no default restart policy; validation asks for one.
            ((ObjectNode) template.get("spec")).remove("restartPolicy");
        }
    }
}
