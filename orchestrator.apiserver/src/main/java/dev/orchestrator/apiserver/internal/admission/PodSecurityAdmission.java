package dev.orchestrator.apiserver.internal.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.api.admission.AdmissionContext;
import dev.orchestrator.api.admission.AdmissionDeniedException;
import dev.orchestrator.api.admission.AdmissionRequest;
import dev.orchestrator.api.admission.Operation;
import dev.orchestrator.api.admission.ValidatingAdmission;
import dev.orchestrator.apiserver.internal.admission.PodSecurityChecks.Level;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Kubernetes' Pod Security admission: a namespace's labels {@code pod-security.kubernetes.io/<mode>} choose a
 * level (privileged, baseline, restricted) per mode. {@code enforce} refuses a pod that violates its level
 * ({@code violates PodSecurity "restricted:latest": …}); {@code warn} lets it in with a {@code Warning} header
 * ({@code would violate …}); {@code audit} annotates the request's audit event. The {@code -version} labels are
 * read as {@code latest}: the controls of this server are those of the latest standard. Pods are checked when
 * created; the pod templates of workloads (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob,
 * ReplicationController) are checked for warn and audit only, as Kubernetes does, so that a workload whose pods
 * would be refused is noticed when it is written, not when its controller fails.
 */
public final class PodSecurityAdmission implements ValidatingAdmission {

    static final String PREFIX = "pod-security.kubernetes.io/";

    private static final Map<String, List<String>> TEMPLATES = Map.of(
            "apps/deployments", List.of("spec", "template", "spec"),
            "apps/replicasets", List.of("spec", "template", "spec"),
            "apps/statefulsets", List.of("spec", "template", "spec"),
            "apps/daemonsets", List.of("spec", "template", "spec"),
            "batch/jobs", List.of("spec", "template", "spec"),
            "batch/cronjobs", List.of("spec", "jobTemplate", "spec", "template", "spec"),
            "/replicationcontrollers", List.of("spec", "template", "spec"));

    @Override
    public void validate(AdmissionRequest request, ObjectNode object, AdmissionContext context) {
        boolean podCreate = request.isMain("", "pods") && request.operation() == Operation.CREATE;
        // kubectl debug adds containers to a running pod: they are held to the namespace's level as a new pod is
        boolean debugContainers = request.group().isEmpty() && "pods".equals(request.resource())
                && "ephemeralcontainers".equals(request.subresource()) && request.operation() == Operation.UPDATE;
        List<String> templatePath = TEMPLATES.get(request.group() + "/" + request.resource());
        boolean template = templatePath != null && request.subresource().isEmpty()
                && (request.operation() == Operation.CREATE || request.operation() == Operation.UPDATE);
        boolean pod = podCreate || debugContainers;
        if (request.namespace().isEmpty() || !(pod || template)) {
            return;
        }
        Optional<ObjectNode> namespace = context.lookup().get("", "namespaces", "", request.namespace());
        JsonNode labels = namespace.map(n -> n.path("metadata").path("labels")).orElse(null);
        if (labels == null || !labels.isObject()) {
            return;
        }
        JsonNode spec = pod ? object.path("spec") : at(object, templatePath);
        if (spec.isMissingNode()) {
            return;
        }
        Level enforce = level(labels, "enforce");
        Level warn = level(labels, "warn");
        Level audit = level(labels, "audit");
        if (audit != Level.PRIVILEGED) {
            List<String> violations = PodSecurityChecks.violations(audit, spec);
            if (!violations.isEmpty()) {
                context.annotateAudit("pod-security.kubernetes.io/audit-violations",
                        "would violate PodSecurity " + policy(audit) + ": " + String.join(", ", violations));
            }
        }
        if (warn != Level.PRIVILEGED) {
            List<String> violations = PodSecurityChecks.violations(warn, spec);
            if (!violations.isEmpty()) {
                context.warn("would violate PodSecurity " + policy(warn) + ": " + String.join(", ", violations));
            }
        }
        if (pod && enforce != Level.PRIVILEGED) {
            List<String> violations = PodSecurityChecks.violations(enforce, spec);
            if (!violations.isEmpty()) {
                context.annotateAudit("pod-security.kubernetes.io/enforce-policy", policy(enforce).replace("\"", ""));
                throw new AdmissionDeniedException("violates PodSecurity " + policy(enforce) + ": "
                        + String.join(", ", violations));
            }
        }
    }

    private static JsonNode at(JsonNode object, List<String> path) {
        JsonNode node = object;
        for (String field : path) {
            node = node.path(field);
        }
        return node;
    }

    /** A mode's level; an unknown level is read as restricted (fail closed), a missing one as privileged. */
    static Level level(JsonNode labels, String mode) {
        JsonNode value = labels.get(PREFIX + mode);
        if (value == null || !value.isTextual()) {
            return Level.PRIVILEGED;
        }
        return switch (value.asText().toLowerCase(Locale.ROOT)) {
            case "privileged" -> Level.PRIVILEGED;
            case "baseline" -> Level.BASELINE;
            default -> Level.RESTRICTED;
        };
    }

    private static String policy(Level level) {
        return "\"" + level.name().toLowerCase(Locale.ROOT) + ":latest\"";
    }
}
