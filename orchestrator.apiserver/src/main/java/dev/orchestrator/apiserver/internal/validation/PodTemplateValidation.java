package dev.orchestrator.apiserver.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The pod template of a workload ({@code spec.template}): its labels and annotations, its pod spec
 * (validated as a pod's, with the right path prefix), and the workload's selector against it.
 */
final class PodTemplateValidation {

    private PodTemplateValidation() {
    }

    /** The selector is required and must be non-empty and valid. Returns whether it can be matched. */
    static boolean selector(JsonNode spec, FieldPath specPath, FieldErrors errors) {
        JsonNode selector = spec.path("selector");
        FieldPath path = specPath.child("selector");
        if (selector.isMissingNode() || selector.isNull()) {
            errors.required(path, "");
            return false;
        }
        if (selector.path("matchLabels").isEmpty() && selector.path("matchExpressions").isEmpty()) {
            errors.invalid(path, selector, "empty selector is invalid for deployment");
            return false;
        }
        CommonFields.labels(selector.path("matchLabels"), path.child("matchLabels"), errors);
        return true;
    }

    static void validate(JsonNode spec, FieldPath specPath, boolean checkSelector, SelectorMatcher matcher,
                         FieldErrors errors) {
        JsonNode template = spec.path("template");
        FieldPath path = specPath.child("template");
        JsonNode labels = template.path("metadata").path("labels");
        if (checkSelector) {
            try {
                if (!matcher.matches(spec.path("selector"), labels)) {
                    errors.invalid(path.child("metadata", "labels"), labels, "`selector` does not match template `labels`");
                }
            } catch (IllegalArgumentException e) {
                errors.invalid(specPath.child("selector"), spec.path("selector"), e.getMessage());
            }
        }
        CommonFields.labels(labels, path.child("metadata", "labels"), errors);
        for (java.util.Map.Entry<String, JsonNode> e : CommonFields.entries(template.path("metadata").path("annotations"))) {
            for (String p : NameFormats.qualifiedName(e.getKey().toLowerCase())) {
                errors.invalid(path.child("metadata", "annotations"), e.getKey(), p);
            }
        }
        PodSpecValidation.validate(template.path("spec"), path.child("spec"), errors);
    }

    /** Replicated pods (deployments, replica sets) restart always and have no deadline. */
    static void replicated(JsonNode spec, FieldPath specPath, FieldErrors errors) {
        JsonNode podSpec = spec.path("template").path("spec");
        FieldPath path = specPath.child("template", "spec");
        String restart = CommonFields.textOrEmpty(podSpec, "restartPolicy");
        if (!restart.isEmpty() && !restart.equals("Always")) {
            errors.notSupported(path.child("restartPolicy"), podSpec.path("restartPolicy"), List.of("Always"));
        }
        if (CommonFields.has(podSpec, "activeDeadlineSeconds")) {
            errors.forbidden(path.child("activeDeadlineSeconds"), "activeDeadlineSeconds in ReplicaSet is not Supported");
        }
    }
}
