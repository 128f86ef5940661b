package dev.orchestrator.apiserver.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Jobs (batch/v1): counts and deadlines, completion mode, restart policy, template, what updates may change. */
public final class JobValidation {

    private static final FieldPath SPEC = FieldPath.root("spec");

    private JobValidation() {
    }

    public static void validate(JsonNode job, SelectorMatcher matcher, FieldErrors errors) {
        validateSpec(job.path("spec"), SPEC, matcher, errors);
    }

    /** A Job's spec at {@code specPath}: a Job's own, or a CronJob's {@code spec.jobTemplate.spec}. */
    static void validateSpec(JsonNode spec, FieldPath specPath, SelectorMatcher matcher, FieldErrors errors) {
        for (String field : List.of("parallelism", "completions", "backoffLimit", "activeDeadlineSeconds",
                "ttlSecondsAfterFinished")) {
            CommonFields.nonNegative(spec, field, specPath, errors);
        }
        CommonFields.oneOf(spec, "completionMode", false, List.of("NonIndexed", "Indexed"), specPath, errors);
        if ("Indexed".equals(CommonFields.text(spec, "completionMode")) && !CommonFields.has(spec, "completions")) {
            errors.required(specPath.child("completions"), "when completion mode is Indexed");
        }
        boolean selector = CommonFields.has(spec, "selector");
        PodTemplateValidation.validate(spec, specPath, selector, matcher, errors);
        JsonNode restart = spec.path("template").path("spec").path("restartPolicy");
        if (!List.of("OnFailure", "Never").contains(restart.asText(""))) {
            errors.notSupported(specPath.child("template", "spec", "restartPolicy"), restart, List.of("OnFailure", "Never"));
        }
    }

    /** Selector, template, completion mode and completions are fixed once the job exists. */
    public static void validateUpdate(JsonNode job, JsonNode old, FieldErrors errors) {
        JsonNode spec = job.path("spec");
        JsonNode oldSpec = old.path("spec");
        for (String field : List.of("selector", "template", "completionMode", "completions")) {
            if (CommonFields.changed(spec, oldSpec, field)) {
                if (field.equals("template")) {
                    errors.invalid(SPEC.child(field), "", "field is immutable");
                } else {
                    errors.immutable(SPEC.child(field), spec.path(field));
                }
            }
        }
    }
}
