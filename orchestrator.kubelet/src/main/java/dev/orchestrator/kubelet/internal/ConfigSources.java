package dev.orchestrator.kubelet.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the data of the ConfigMaps and Secrets a pod refers to (Secret values already decoded).
 * An absent object is {@link Optional#empty()}; an unreachable API throws. Public for the volume
 * plugins ({@code internal.volumes}), which project the same data into files.
 */
public interface ConfigSources {

    Optional<Map<String, String>> configMap(String namespace, String name);

    Optional<Map<String, String>> secret(String namespace, String name);

    /** A ConfigMap's {@code data} and {@code binaryData} as the bytes files get (binary data unchanged). */
    default Optional<Map<String, byte[]>> configMapBytes(String namespace, String name) {
        return configMap(namespace, name).map(ConfigSources::utf8);
    }

    /** A Secret's decoded values as the bytes files get (binary values unchanged). */
    default Optional<Map<String, byte[]>> secretBytes(String namespace, String name) {
        return secret(namespace, name).map(ConfigSources::utf8);
    }

    /** A token the API server signed for a pod's ServiceAccount, and when it expires. */
    record IssuedToken(String token, java.time.Instant expires) {
    }

    /**
     * A token of the pod's ServiceAccount bound to the pod (a TokenRequest), for {@code audience} (null: the API
     * server's own) and {@code expirationSeconds}.
     *
     * @throws IllegalStateException when the API server refuses it (the message says why)
     */
    default IssuedToken serviceAccountToken(String namespace, String serviceAccount, String podName, String podUid,
                                            String audience, long expirationSeconds) {
        throw new IllegalStateException("this kubelet has no way to request ServiceAccount tokens");
    }

    private static Map<String, byte[]> utf8(Map<String, String> data) {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        data.forEach((k, v) -> bytes.put(k, v.getBytes(StandardCharsets.UTF_8)));
        return bytes;
    }
}
