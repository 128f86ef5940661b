package dev.orchestrator.apiserver.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Events of core/v1 and of events.k8s.io/v1, as Kubernetes' {@code ValidateEventCreate}: the object's
 * namespace must agree with the event's; events with an eventTime (the new API) need a reporting
 * controller and instance, an action and a reason within their length limits. events.k8s.io/v1
 * also needs an eventTime, a type of Normal or Warning and no deprecated fields set. Errors use
 * the field names of the version written ({@code regarding}, {@code note} in events.k8s.io/v1).
 */
public final class EventValidation {

    private static final int REPORTING_INSTANCE_MAX = 128;
    private static final int ACTION_MAX = 128;
    private static final int REASON_MAX = 128;
    private static final int NOTE_MAX = 1024;

    private EventValidation() {
    }

    /** A core/v1 Event. */
    public static void validateCoreEvent(JsonNode event, FieldErrors errors) {
        common(event, "involvedObject", "reportingComponent", "message", errors);
    }

    /** An events.k8s.io/v1 Event. */
    public static void validateEvent(JsonNode event, FieldErrors errors) {
        FieldPath root = FieldPath.root("");
        common(event, "regarding", "reportingController", "note", errors);
        if (CommonFields.textOrEmpty(event, "eventTime").isEmpty()) {
            errors.required(root.child("eventTime"), "");
        }
        String type = CommonFields.textOrEmpty(event, "type");
        if (!type.equals("Normal") && !type.equals("Warning")) {
            errors.invalid(root.child("type"), "", "has invalid value: " + type);
        }
        for (String deprecated : new String[] {"deprecatedFirstTimestamp", "deprecatedLastTimestamp", "deprecatedCount"}) {
            JsonNode v = event.path(deprecated);
            if (!v.isMissingNode() && !v.isNull() && !(v.isNumber() && v.asLong() == 0)) {
                errors.invalid(root.child(deprecated), "", "needs to be unset");
            }
        }
        JsonNode source = event.path("deprecatedSource");
        if (!CommonFields.textOrEmpty(source, "component").isEmpty() || !CommonFields.textOrEmpty(source, "host").isEmpty()) {
            errors.invalid(root.child("deprecatedSource"), "", "needs to be unset");
        }
    }

    private static void common(JsonNode event, String regarding, String controllerField, String noteField,
                               FieldErrors errors) {
        FieldPath root = FieldPath.root("");
        String namespace = CommonFields.textOrEmpty(event.path("metadata"), "namespace");
        String objectNamespace = CommonFields.textOrEmpty(event.path(regarding), "namespace");
        FieldPath namespacePath = root.child(regarding, "namespace");
        boolean newApi = !CommonFields.textOrEmpty(event, "eventTime").isEmpty();
        if (!newApi) {
            if (objectNamespace.isEmpty() ? !namespace.isEmpty() && !namespace.equals("default")
                    : !objectNamespace.equals(namespace)) {
                errors.invalid(namespacePath, objectNamespace, "does not match event.namespace");
            }
            return;
        }
        if (objectNamespace.isEmpty() && !namespace.equals("default") && !namespace.equals("kube-system")) {
            errors.invalid(namespacePath, objectNamespace, "does not match event.namespace");
        }
        String controller = CommonFields.textOrEmpty(event, controllerField);
        if (controller.isEmpty()) {
            errors.required(root.child(controllerField), "");
        } else {
            NameFormats.qualifiedName(controller).forEach(p -> errors.invalid(root.child(controllerField), controller, p));
        }
        required(event, "reportingInstance", REPORTING_INSTANCE_MAX, errors);
        required(event, "action", ACTION_MAX, errors);
        required(event, "reason", REASON_MAX, errors);
        if (CommonFields.textOrEmpty(event, noteField).length() > NOTE_MAX) {
            errors.invalid(root.child(noteField), "", "can have at most " + NOTE_MAX + " characters");
        }
    }

    private static void required(JsonNode event, String field, int max, FieldErrors errors) {
        String value = CommonFields.textOrEmpty(event, field);
        if (value.isEmpty()) {
            errors.required(FieldPath.root(field), "");
        } else if (value.length() > max) {
            errors.invalid(FieldPath.root(field), "", "can have at most " + max + " characters");
        }
    }
}
