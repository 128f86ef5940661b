package dev.orchestrator.apiserver.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Pods: the spec on every write, what an update may change, and status writes. */
public final class PodValidation {

    private static final FieldPath SPEC = FieldPath.root("spec");
    private static final FieldPath STATUS = FieldPath.root("status");
    private static final List<String> PHASES = List.of("Pending", "Running", "Succeeded", "Failed", "Unknown");
    private static final List<String> CONDITION_STATUSES = List.of("True", "False", "Unknown");
    static final String UPDATE_FORBIDDEN = "pod updates may not change fields other than `spec.containers[*].image`,"
            + "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to "
            + "existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was "
            + "previously negative)";

    private PodValidation() {
    }

    public static void validate(JsonNode pod, FieldErrors errors) {
        PodSpecValidation.validate(pod.path("spec"), SPEC, errors);
    }

    /** Ephemeral containers come only through pods/ephemeralcontainers, once the pod exists. */
    public static void validateCreate(JsonNode pod, FieldErrors errors) {
        if (pod.path("spec").path("ephemeralContainers").size() > 0) {
            errors.forbidden(SPEC.child("ephemeralContainers"), "cannot be set on create");
        }
    }

    /**
     * A write of pods/ephemeralcontainers: ephemeral containers are only added; the ones there stay as they are (the
     * rest of the spec is the stored one, the write path takes nothing else from the request).
     */
    public static void validateEphemeralContainersUpdate(JsonNode pod, JsonNode old, FieldErrors errors) {
        java.util.Map<String, JsonNode> now = new java.util.HashMap<>();
        for (JsonNode c : CommonFields.items(pod.path("spec").path("ephemeralContainers"))) {
            now.put(CommonFields.textOrEmpty(c, "name"), c);
        }
        for (JsonNode before : CommonFields.items(old.path("spec").path("ephemeralContainers"))) {
            String name = CommonFields.textOrEmpty(before, "name");
            JsonNode after = now.get(name);
            if (after == null) {
                errors.forbidden(SPEC.child("ephemeralContainers"), "existing ephemeral containers \"" + name
                        + "\" may not be removed");
            } else if (!after.equals(before)) {
                errors.forbidden(SPEC.child("ephemeralContainers"), "existing ephemeral containers \"" + name
                        + "\" may not be changed");
            }
        }
    }

    /**
     * A pod's spec is immutable but for container images, a shorter activeDeadlineSeconds, added
     * tolerations and a negative grace period turned into 1; {@code spec.nodeName} changes only by binding.
     */
    public static void validateUpdate(JsonNode pod, JsonNode old, FieldErrors errors) {
        JsonNode spec = pod.path("spec");
        JsonNode oldSpec = old.path("spec");
        int before = errors.count();
        activeDeadline(spec, oldSpec, errors);
        addedTolerationsOnly(spec.path("tolerations"), oldSpec.path("tolerations"), errors);
        if (errors.count() > before || !(spec instanceof ObjectNode) || !(oldSpec instanceof ObjectNode)) {
            return;
        }
        ObjectNode munged = ((ObjectNode) spec).deepCopy();
        for (String list : List.of("containers", "initContainers")) {
            JsonNode oldList = oldSpec.path(list);
            JsonNode newList = munged.path(list);
            if (newList.isArray() && oldList.isArray() && newList.size() == oldList.size()) {
                for (int i = 0; i < newList.size(); i++) {
                    if (newList.get(i) instanceof ObjectNode c && oldList.get(i).has("image")) {
                        c.set("image", oldList.get(i).get("image"));
                    }
                }
            }
        }
        for (String mutable : List.of("activeDeadlineSeconds", "tolerations")) {
            copy(oldSpec, munged, mutable);
        }
        if (oldSpec.path("terminationGracePeriodSeconds").asLong(0) < 0
                && spec.path("terminationGracePeriodSeconds").asLong(0) == 1) {
            copy(oldSpec, munged, "terminationGracePeriodSeconds");
        }
        if (!munged.equals(oldSpec)) {
            String nodeName = CommonFields.textOrEmpty(oldSpec, "nodeName");
            if (!nodeName.isEmpty() && CommonFields.changed(spec, oldSpec, "nodeName")) {
                errors.forbidden(SPEC.child("nodeName"), "may not be changed once set: the pod is bound to node \""
                        + nodeName + "\"");
            }
            errors.forbidden(SPEC, UPDATE_FORBIDDEN + changedFields(munged, oldSpec));
        }
    }

    private static void copy(JsonNode from, ObjectNode to, String field) {
        if (from.has(field)) {
            to.set(field, from.get(field));
        } else {
            to.remove(field);
        }
    }

    private static String changedFields(JsonNode spec, JsonNode oldSpec) {
        StringBuilder b = new StringBuilder();
        java.util.Set<String> fields = new java.util.TreeSet<>();
        spec.fieldNames().forEachRemaining(fields::add);
        oldSpec.fieldNames().forEachRemaining(fields::add);
        for (String f : fields) {
            if (CommonFields.changed(spec, oldSpec, f)) {
                b.append(b.length() == 0 ? "" : ", ").append("spec.").append(f);
            }
        }
        return b.length() == 0 ? "" : "; changed: " + b;
    }

    private static void activeDeadline(JsonNode spec, JsonNode oldSpec, FieldErrors errors) {
        FieldPath path = SPEC.child("activeDeadlineSeconds");
        JsonNode now = spec.path("activeDeadlineSeconds");
        JsonNode before = oldSpec.path("activeDeadlineSeconds");
        if (now.isIntegralNumber()) {
            if (before.isIntegralNumber() && now.asLong() > before.asLong()) {
                errors.invalid(path, now.asLong(), "must be less than or equal to previous value");
            }
        } else if ((now.isMissingNode() || now.isNull()) && before.isIntegralNumber()) {
            errors.invalid(path, now, "must not update from a positive integer to nil value");
        }
    }

    /** Every toleration of the old pod must still be there; only its tolerationSeconds may change. */
    private static void addedTolerationsOnly(JsonNode tolerations, JsonNode old, FieldErrors errors) {
        for (JsonNode before : CommonFields.items(old)) {
            boolean kept = false;
            for (JsonNode now : CommonFields.items(tolerations)) {
                if (withoutSeconds(now).equals(withoutSeconds(before))) {
                    kept = true;
                }
            }
            if (!kept) {
                errors.forbidden(SPEC.child("tolerations"), "existing toleration can not be modified except its "
                        + "tolerationSeconds");
                return;
            }
        }
    }

    private static JsonNode withoutSeconds(JsonNode toleration) {
        if (!(toleration instanceof ObjectNode o)) {
            return toleration;
        }
        ObjectNode copy = o.deepCopy();
        copy.remove("tolerationSeconds");
        if (CommonFields.textOrEmpty(copy, "operator").isEmpty()) {
            copy.put("operator", "Equal");
        }
        return copy;
    }

    /** A write of the status subresource: phase, conditions, IPs, container statuses. */
    public static void validateStatus(JsonNode pod, FieldErrors errors) {
        JsonNode status = pod.path("status");
        CommonFields.oneOf(status, "phase", false, PHASES, STATUS, errors);
        conditions(status.path("conditions"), STATUS.child("conditions"), errors);
        String podIP = CommonFields.text(status, "podIP");
        if (podIP != null && !podIP.isEmpty() && !Networks.isIP(podIP)) {
            errors.invalid(STATUS.child("podIP"), podIP, Networks.IP_ERROR);
        }
        int i = 0;
        for (JsonNode ip : CommonFields.items(status.path("podIPs"))) {
            String text = CommonFields.textOrEmpty(ip, "ip");
            if (!Networks.isIP(text)) {
                errors.invalid(STATUS.child("podIPs").index(i).child("ip"), text, Networks.IP_ERROR);
            }
            i++;
        }
        String hostIP = CommonFields.text(status, "hostIP");
        if (hostIP != null && !hostIP.isEmpty() && !Networks.isIP(hostIP)) {
            errors.invalid(STATUS.child("hostIP"), hostIP, Networks.IP_ERROR);
        }
        for (String list : List.of("containerStatuses", "initContainerStatuses")) {
            int j = 0;
            for (JsonNode s : CommonFields.items(status.path(list))) {
                CommonFields.name(s, "name", true, NameFormats::dns1123Label, STATUS.child(list).index(j++), errors);
            }
        }
    }

    /** Conditions: each has a type and a status of True, False or Unknown; types are unique. */
    public static void conditions(JsonNode conditions, FieldPath path, FieldErrors errors) {
        java.util.Set<String> types = new java.util.HashSet<>();
        int i = 0;
        for (JsonNode c : CommonFields.items(conditions)) {
            FieldPath at = path.index(i++);
            if (!c.isObject()) {
                continue;
            }
            CommonFields.name(c, "type", true, NameFormats::qualifiedName, at, errors);
            String type = CommonFields.text(c, "type");
            if (type != null && !type.isEmpty() && !types.add(type)) {
                errors.duplicate(at.child("type"), type);
            }
            CommonFields.oneOf(c, "status", true, CONDITION_STATUSES, at, errors);
        }
    }
}
