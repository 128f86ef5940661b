package dev.orchestrator.apiserver.internal.encryption;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/** Random keys and configuration files for the encryption tests. */
final class Keys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Keys() {
    }

    static byte[] random(int bytes) {
        byte[] key = new byte[bytes];
        RANDOM.nextBytes(key);
        return key;
    }

    static String base64(int bytes) {
        return Base64.getEncoder().encodeToString(random(bytes));
    }

    /** A configuration of {@code resources} (a YAML flow list body) with these provider entries (YAML flow maps). */
    static EncryptionConfiguration config(String resources, String... providers) {
        return EncryptionConfigFile.parse(yaml(resources, providers).getBytes(StandardCharsets.UTF_8));
    }

    static String yaml(String resources, String... providers) {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: apiserver.config.k8s.io/v1
                kind: EncryptionConfiguration
                resources:
                - resources: [%s]
                  providers:
                """.formatted(resources));
        for (String provider : providers) {
            yaml.append("  - ").append(provider).append('\n');
        }
        return yaml.toString();
    }

    static String aescbc(String name, String secret) {
        return "{aescbc: {keys: [{name: " + name + ", secret: \"" + secret + "\"}]}}";
    }

    static String aesgcm(String name, String secret) {
        return "{aesgcm: {keys: [{name: " + name + ", secret: \"" + secret + "\"}]}}";
    }

    static final String IDENTITY = "{identity: {}}";
}
