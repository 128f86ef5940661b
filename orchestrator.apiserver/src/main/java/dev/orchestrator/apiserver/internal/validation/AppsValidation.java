package dev.orchestrator.apiserver.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The workloads of apps/v1 (deployments, replica sets, daemon sets, stateful sets): replicas, selector, template, update strategy, timings. */
public final class AppsValidation {

    private static final FieldPath SPEC = FieldPath.root("spec");
    static final String PERCENT_FORMAT = "a valid percent string must be a numeric string followed by an "
            + "ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

    private AppsValidation() {
    }

    public static void validateDeployment(JsonNode deployment, SelectorMatcher matcher, FieldErrors errors) {
        JsonNode spec = deployment.path("spec");
        replicatedSpec(spec, matcher, errors);
        CommonFields.nonNegative(spec, "revisionHistoryLimit", SPEC, errors);
        CommonFields.nonNegative(spec, "progressDeadlineSeconds", SPEC, errors);
        JsonNode deadline = spec.path("progressDeadlineSeconds");
        if (deadline.isIntegralNumber() && deadline.asLong() <= spec.path("minReadySeconds").asLong(0)) {
            errors.invalid(SPEC.child("progressDeadlineSeconds"), deadline.asLong(), "must be greater than minReadySeconds");
        }
        strategy(spec.path("strategy"), SPEC.child("strategy"), errors);
    }

    public static void validateReplicaSet(JsonNode replicaSet, SelectorMatcher matcher, FieldErrors errors) {
        replicatedSpec(replicaSet.path("spec"), matcher, errors);
    }

    public static void validateDaemonSet(JsonNode daemonSet, SelectorMatcher matcher, FieldErrors errors) {
        JsonNode spec = daemonSet.path("spec");
        CommonFields.nonNegative(spec, "minReadySeconds", SPEC, errors);
        CommonFields.nonNegative(spec, "revisionHistoryLimit", SPEC, errors);
        boolean selector = PodTemplateValidation.selector(spec, SPEC, errors);
        PodTemplateValidation.validate(spec, SPEC, selector, matcher, errors);
        PodTemplateValidation.replicated(spec, SPEC, errors);
        JsonNode strategy = spec.path("updateStrategy");
        FieldPath path = SPEC.child("updateStrategy");
        if (updateStrategyType(strategy, path, errors) && strategy.path("rollingUpdate").isObject()) {
            rollingUpdate(strategy.path("rollingUpdate"), path.child("rollingUpdate"), errors);
        }
    }

    public static void validateStatefulSet(JsonNode statefulSet, SelectorMatcher matcher, FieldErrors errors) {
        JsonNode spec = statefulSet.path("spec");
        replicatedSpec(withClaimVolumes(spec), matcher, errors);
        CommonFields.nonNegative(spec, "revisionHistoryLimit", SPEC, errors);
        CommonFields.name(spec, "serviceName", false, NameFormats::dns1123Label, SPEC, errors);
        CommonFields.oneOf(spec, "podManagementPolicy", true, List.of("OrderedReady", "Parallel"), SPEC, errors);
        CommonFields.nonNegative(spec.path("ordinals"), "start", SPEC.child("ordinals"), errors);
        int t = 0;
        for (JsonNode claim : CommonFields.items(spec.path("volumeClaimTemplates"))) {
            FieldPath at = SPEC.child("volumeClaimTemplates").index(t++);
            CommonFields.name(claim.path("metadata"), "name", true, NameFormats::dns1123Label, at.child("metadata"), errors);
            VolumeValidation.claimSpec(claim.path("spec"), at.child("spec"), errors);
        }
        JsonNode strategy = spec.path("updateStrategy");
        FieldPath path = SPEC.child("updateStrategy");
        if (updateStrategyType(strategy, path, errors) && strategy.path("rollingUpdate").isObject()) {
            JsonNode rolling = strategy.path("rollingUpdate");
            CommonFields.nonNegative(rolling, "partition", path.child("rollingUpdate"), errors);
            Integer unavailable = intOrPercent(rolling.path("maxUnavailable"), path.child("rollingUpdate", "maxUnavailable"),
                    errors);
            if (unavailable != null && unavailable < 1) {
                errors.invalid(path.child("rollingUpdate", "maxUnavailable"), rolling.path("maxUnavailable"),
                        "must be greater than 0");
            }
        }
    }

    /**
     * The spec as its pods will have it: each claim template is a volume of the pod (the controller adds it), so a
     * container may mount it by the template's name.
     */
    private static JsonNode withClaimVolumes(JsonNode spec) {
        if (spec.path("volumeClaimTemplates").size() == 0 || !(spec.path("template").path("spec")
                instanceof com.fasterxml.jackson.databind.node.ObjectNode)) {
            return spec;
        }
        com.fasterxml.jackson.databind.node.ObjectNode copy = spec.deepCopy();
        com.fasterxml.jackson.databind.node.ObjectNode podSpec = (com.fasterxml.jackson.databind.node.ObjectNode)
                copy.path("template").path("spec");
        com.fasterxml.jackson.databind.node.ArrayNode volumes = podSpec.path("volumes").isArray()
                ? (com.fasterxml.jackson.databind.node.ArrayNode) podSpec.get("volumes") : podSpec.putArray("volumes");
        for (JsonNode claim : spec.path("volumeClaimTemplates")) {
            String name = claim.path("metadata").path("name").asText("");
            boolean present = false;
            for (JsonNode v : volumes) {
                present |= name.equals(v.path("name").asText());
            }
            if (!name.isEmpty() && !present) {
                volumes.addObject().put("name", name).putObject("persistentVolumeClaim").put("claimName", name);
            }
        }
        return copy;
    }

    /**
     * A StatefulSet's spec may change only in the fields Kubernetes lets change; the rest (selector, serviceName,
     * podManagementPolicy, …) is fixed at creation.
     */
    public static void validateStatefulSetUpdate(JsonNode updated, JsonNode old, FieldErrors errors) {
        if (!withoutMutable(updated.path("spec")).equals(withoutMutable(old.path("spec")))) {
            errors.forbidden(SPEC, "updates to statefulset spec for fields other than 'replicas', 'ordinals', "
                    + "'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' "
                    + "are forbidden");
        }
    }

    private static JsonNode withoutMutable(JsonNode spec) {
        if (!(spec instanceof com.fasterxml.jackson.databind.node.ObjectNode object)) {
            return spec;
        }
        com.fasterxml.jackson.databind.node.ObjectNode copy = object.deepCopy();
        copy.remove(List.of("replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy",
                "minReadySeconds"));
        return copy;
    }

    /** RollingUpdate or OnDelete; whether it is RollingUpdate. */
    private static boolean updateStrategyType(JsonNode strategy, FieldPath path, FieldErrors errors) {
        CommonFields.oneOf(strategy, "type", true, List.of("OnDelete", "RollingUpdate"), path, errors);
        String type = CommonFields.textOrEmpty(strategy, "type");
        if ("OnDelete".equals(type) && CommonFields.has(strategy, "rollingUpdate")) {
            errors.forbidden(path.child("rollingUpdate"), "only allowed for updateStrategy 'RollingUpdate'");
        }
        return "RollingUpdate".equals(type);
    }

    private static void replicatedSpec(JsonNode spec, SelectorMatcher matcher, FieldErrors errors) {
        CommonFields.nonNegative(spec, "replicas", SPEC, errors);
        CommonFields.nonNegative(spec, "minReadySeconds", SPEC, errors);
        boolean selector = PodTemplateValidation.selector(spec, SPEC, errors);
        PodTemplateValidation.validate(spec, SPEC, selector, matcher, errors);
        PodTemplateValidation.replicated(spec, SPEC, errors);
    }

    private static void strategy(JsonNode strategy, FieldPath path, FieldErrors errors) {
        String type = CommonFields.textOrEmpty(strategy, "type");
        switch (type) {
            case "Recreate" -> {
                if (CommonFields.has(strategy, "rollingUpdate")) {
                    errors.forbidden(path.child("rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'");
                }
            }
            case "RollingUpdate" -> {
                JsonNode rolling = strategy.path("rollingUpdate");
                if (rolling.isObject()) {
                    rollingUpdate(rolling, path.child("rollingUpdate"), errors);
                }
            }
            default -> {
                if (strategy.isObject()) {
                    errors.notSupported(path.child("type"), strategy.path("type"), List.of("Recreate", "RollingUpdate"));
                }
            }
        }
    }

    private static void rollingUpdate(JsonNode rolling, FieldPath path, FieldErrors errors) {
        Integer unavailable = intOrPercent(rolling.path("maxUnavailable"), path.child("maxUnavailable"), errors);
        Integer surge = intOrPercent(rolling.path("maxSurge"), path.child("maxSurge"), errors);
        if (unavailable != null && surge != null && unavailable == 0 && surge == 0) {
            errors.invalid(path.child("maxUnavailable"), rolling.path("maxUnavailable"), "may not be 0 when `maxSurge` is 0");
        }
        JsonNode u = rolling.path("maxUnavailable");
        if (u.isTextual() && unavailable != null && unavailable > 100) {
            errors.invalid(path.child("maxUnavailable"), u, "must not be greater than 100%");
        }
    }

    /** An int ≥ 0 or "N%"; its number, or null when absent or invalid. */
    static Integer intOrPercent(JsonNode value, FieldPath path, FieldErrors errors) {
        if (value.isIntegralNumber()) {
            if (value.asLong() < 0) {
                errors.invalid(path, value.asLong(), "must be greater than or equal to 0");
                return null;
            }
            return value.asInt();
        }
        if (value.isTextual()) {
            String s = value.asText();
            if (!s.matches("[0-9]{1,9}%")) {
                errors.invalid(path, s, PERCENT_FORMAT);
                return null;
            }
            return Integer.parseInt(s.substring(0, s.length() - 1));
        }
        return null;
    }

    /** apps/v1 selectors cannot change. */
    public static void validateUpdate(JsonNode updated, JsonNode old, FieldErrors errors) {
        CommonFields.immutable(updated.path("spec"), old.path("spec"), "selector", SPEC, errors);
    }
}
