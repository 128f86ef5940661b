package dev.orchestrator.apiserver.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * ConfigMaps and Secrets: keys are config keys, at most 1 MiB of data, Secret values are base64 (their
 * stored form) and carry the keys their type needs, and {@code immutable: true} freezes the data.
 */
public final class ConfigDataValidation {

    /** The most bytes of data one ConfigMap or Secret may hold. */
    public static final long MAX_BYTES = 1024 * 1024;
    private static final String FROZEN = "field is immutable when `immutable` is set";
    private static final Map<String, List<String>> SECRET_TYPE_KEYS = Map.of(
            "kubernetes.io/dockercfg", List.of(".dockercfg"),
            "kubernetes.io/dockerconfigjson", List.of(".dockerconfigjson"),
            "kubernetes.io/ssh-auth", List.of("ssh-privatekey"),
            "kubernetes.io/tls", List.of("tls.crt", "tls.key"));

    private ConfigDataValidation() {
    }

    public static void validateConfigMap(JsonNode configMap, FieldErrors errors) {
        JsonNode data = configMap.path("data");
        JsonNode binary = configMap.path("binaryData");
        long bytes = 0;
        for (Map.Entry<String, JsonNode> e : CommonFields.entries(data)) {
            FieldPath at = FieldPath.root("data").key(e.getKey());
            key(e.getKey(), at, errors);
            if (binary.has(e.getKey())) {
                errors.invalid(at, e.getKey(), "duplicate of key present in binaryData");
            }
            bytes += e.getValue().asText("").getBytes(StandardCharsets.UTF_8).length;
        }
        for (Map.Entry<String, JsonNode> e : CommonFields.entries(binary)) {
            FieldPath at = FieldPath.root("binaryData").key(e.getKey());
            key(e.getKey(), at, errors);
            if (data.has(e.getKey())) {
                errors.invalid(at, e.getKey(), "duplicate of key present in data");
            }
            bytes += decodedLength(e.getValue(), at, errors, false);
        }
        if (bytes > MAX_BYTES) {
            errors.tooLong(FieldPath.root(""), MAX_BYTES);
        }
    }

    public static void validateSecret(JsonNode secret, FieldErrors errors) {
        FieldPath dataPath = FieldPath.root("data");
        JsonNode data = secret.path("data");
        long bytes = 0;
        for (Map.Entry<String, JsonNode> e : CommonFields.entries(data)) {
            FieldPath at = dataPath.key(e.getKey());
            key(e.getKey(), at, errors);
            bytes += decodedLength(e.getValue(), at, errors, true);
        }
        if (bytes > MAX_BYTES) {
            errors.tooLong(dataPath, MAX_BYTES);
        }
        String type = CommonFields.textOrEmpty(secret, "type");
        for (String needed : SECRET_TYPE_KEYS.getOrDefault(type, List.of())) {
            if (!data.has(needed)) {
                errors.required(dataPath.key(needed), "");
            }
        }
        if (type.equals("kubernetes.io/basic-auth") && !data.has("username") && !data.has("password")) {
            errors.required(dataPath.key("username"), "");
            errors.required(dataPath.key("password"), "");
        }
        if (type.equals("kubernetes.io/service-account-token")
                && CommonFields.textOrEmpty(secret.path("metadata").path("annotations"), "kubernetes.io/service-account.name")
                .isEmpty()) {
            errors.required(FieldPath.root("metadata").child("annotations").key("kubernetes.io/service-account.name"), "");
        }
    }

    private static void key(String key, FieldPath at, FieldErrors errors) {
        for (String p : NameFormats.configKey(key)) {
            errors.invalid(at, key, p);
        }
    }

    /** The size of a base64 value once decoded; an error (value not echoed for secrets) when it is not base64. */
    private static long decodedLength(JsonNode value, FieldPath at, FieldErrors errors, boolean secret) {
        if (!value.isTextual()) {
            return 0;
        }
        try {
            return Base64.getDecoder().decode(value.asText()).length;
        } catch (IllegalArgumentException e) {
            String detail = "must be base64 encoded (the stored form of the value)";
            if (secret) {
                errors.invalidHidden(at, detail);
            } else {
                errors.invalid(at, value.asText(), detail);
            }
            return 0;
        }
    }

    /** ConfigMap updates: once {@code immutable} is true, data, binaryData and immutable stay. */
    public static void validateConfigMapUpdate(JsonNode configMap, JsonNode old, FieldErrors errors) {
        frozen(configMap, old, List.of("data", "binaryData"), errors);
    }

    /** Secret updates: the type never changes; once {@code immutable} is true, data and immutable stay. */
    public static void validateSecretUpdate(JsonNode secret, JsonNode old, FieldErrors errors) {
        CommonFields.immutable(secret, old, "type", FieldPath.root(""), errors);
        frozen(secret, old, List.of("data"), errors);
    }

    private static void frozen(JsonNode updated, JsonNode old, List<String> fields, FieldErrors errors) {
        if (!old.path("immutable").asBoolean(false)) {
            return;
        }
        if (!updated.path("immutable").asBoolean(false)) {
            errors.forbidden(FieldPath.root("immutable"), FROZEN);
        }
        for (String field : fields) {
            if (!emptyAsMissing(updated.path(field)).equals(emptyAsMissing(old.path(field)))) {
                errors.forbidden(FieldPath.root(field), FROZEN);
            }
        }
    }

    private static JsonNode emptyAsMissing(JsonNode node) {
        return node.isNull() || node.isObject() && node.isEmpty() ? com.fasterxml.jackson.databind.node.MissingNode
                .getInstance() : node;
    }
}
