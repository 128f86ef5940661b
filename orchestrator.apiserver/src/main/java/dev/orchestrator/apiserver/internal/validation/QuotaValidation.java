package dev.orchestrator.apiserver.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * ResourceQuota and LimitRange (core/v1): every amount is a quantity that parses and is not negative, and a
 * LimitRange item has a type, so the admission plugins that enforce them never read an amount they cannot use.
 */
public final class QuotaValidation {

    private static final List<String> LIMIT_TYPES = List.of("Container", "Pod", "PersistentVolumeClaim");

    private QuotaValidation() {
    }

    public static void validateResourceQuota(JsonNode quota, FieldErrors errors) {
        amounts(quota.path("spec").path("hard"), FieldPath.root("spec").child("hard"), errors);
    }

    public static void validateLimitRange(JsonNode range, FieldErrors errors) {
        FieldPath limits = FieldPath.root("spec").child("limits");
        int i = 0;
        for (JsonNode item : range.path("spec").path("limits")) {
            FieldPath at = limits.index(i++);
            JsonNode type = item.path("type");
            if (!LIMIT_TYPES.contains(type.asText(""))) {
                errors.notSupported(at.child("type"), type, LIMIT_TYPES);
            }
            for (String field : List.of("max", "min", "default", "defaultRequest", "maxLimitRequestRatio")) {
                amounts(item.path(field), at.child(field), errors);
            }
        }
    }

    private static void amounts(JsonNode list, FieldPath path, FieldErrors errors) {
        for (Map.Entry<String, JsonNode> e : CommonFields.entries(list)) {
            JsonNode value = e.getValue();
            if (!value.isTextual() && !value.isNumber()) {
                errors.invalid(path.key(e.getKey()), value, Quantity.FORMAT_ERROR);
            } else {
                CommonFields.quantity(value, path.key(e.getKey()), errors);
            }
        }
    }
}
