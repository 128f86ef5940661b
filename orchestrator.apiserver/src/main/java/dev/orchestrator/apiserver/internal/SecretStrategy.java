package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.validation.ConfigDataValidation;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Secrets: type Opaque by default; {@code stringData} is write-only and merged into {@code data}
 * (base64) on create, update and patch alike, so it is never stored as plain text.
 */
final class SecretStrategy implements ResourceStrategy {

    @Override
    public void prepareForCreate(ObjectNode secret) {
        PodStrategy.putIfAbsent(secret, "type", "Opaque");
        mergeStringData(secret);
    }

    @Override
    public void prepareForUpdate(ObjectNode secret, ObjectNode old) {
        mergeStringData(secret);
    }

    /** stringData wins over data for the same key, as in Kubernetes. */
    private static void mergeStringData(ObjectNode secret) {
        JsonNode stringData = secret.remove("stringData");
        if (stringData == null || !stringData.isObject()) {
            return;
        }
        ObjectNode data = Json.objectField(secret, "data");
        stringData.fields().forEachRemaining(e -> data.put(e.getKey(), Base64.getEncoder()
                .encodeToString(e.getValue().asText().getBytes(StandardCharsets.UTF_8))));
    }

    @Override
    public void validate(ObjectNode secret, List<ApiException.Cause> causes) {
        ConfigDataValidation.validateSecret(secret, Causes.into(causes));
    }

    @Override
    public void validateUpdate(ObjectNode secret, ObjectNode old, List<ApiException.Cause> causes) {
        ConfigDataValidation.validateSecretUpdate(secret, old, Causes.into(causes));
    }
}
