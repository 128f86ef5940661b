package dev.orchestrator.kubelet.internal;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * ConfigMaps and Secrets read from the API when a container is configured (never cached: always current), and
 * ServiceAccount tokens requested from it.
 */
final class ApiConfigSources implements ConfigSources {

    private final KubernetesClient client;

    ApiConfigSources(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Optional<Map<String, String>> configMap(String namespace, String name) {
        return configMapBytes(namespace, name).map(ApiConfigSources::text);
    }

    @Override
    public Optional<Map<String, String>> secret(String namespace, String name) {
        return secretBytes(namespace, name).map(ApiConfigSources::text);
    }

    @Override
    public Optional<Map<String, byte[]>> configMapBytes(String namespace, String name) {
        ConfigMap cm = client.configMaps().inNamespace(namespace).withName(name).get();
        if (cm == null) {
            return Optional.empty();
        }
        Map<String, byte[]> data = new LinkedHashMap<>();
        if (cm.getData() != null) {
            cm.getData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        if (cm.getBinaryData() != null) {
            cm.getBinaryData().forEach((k, v) -> data.put(k, decode(v)));
        }
        return Optional.of(data);
    }

    @Override
    public Optional<Map<String, byte[]>> secretBytes(String namespace, String name) {
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        if (secret == null) {
            return Optional.empty();
        }
        Map<String, byte[]> data = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> data.put(k, decode(v)));
        }
        if (secret.getStringData() != null) {
            secret.getStringData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        return Optional.of(data);
    }

    @Override
    public IssuedToken serviceAccountToken(String namespace, String serviceAccount, String podName, String podUid,
                                           String audience, long expirationSeconds) {
        TokenRequest request = new TokenRequestBuilder().withNewSpec()
                .withAudiences(audience == null || audience.isEmpty() ? List.of() : List.of(audience))
                .withExpirationSeconds(expirationSeconds)
                .withNewBoundObjectRef().withApiVersion("v1").withKind("Pod").withName(podName).withUid(podUid)
                .endBoundObjectRef().endSpec().build();
        try {
            TokenRequest answer = client.serviceAccounts().inNamespace(namespace).withName(serviceAccount)
                    .tokenRequest(request);
            return new IssuedToken(answer.getStatus().getToken(), Instant.parse(answer.getStatus().getExpirationTimestamp()));
        } catch (KubernetesClientException e) {
            throw new IllegalStateException("failed to fetch token: " + (e.getStatus() != null && e.getStatus().getMessage() != null
                    ? e.getStatus().getMessage() : e.getMessage()), e);
        }
    }

    private static Map<String, String> text(Map<String, byte[]> data) {
        Map<String, String> text = new LinkedHashMap<>();
        data.forEach((k, v) -> text.put(k, new String(v, StandardCharsets.UTF_8)));
        return text;
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return base64.getBytes(StandardCharsets.UTF_8);
        }
    }
}
