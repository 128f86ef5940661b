package dev.orchestrator.apiserver.internal.encryption;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/** The {@code keys} of an {@code aescbc} or {@code aesgcm} provider entry: one provider per key, in file order. */
final class AesKeys {

    private AesKeys() {
    }

    /**
     * @param seen provider type and key names already in this resource list ({@code aescbc:key1}); a name again
     *             would make two providers claim one prefix
     * @throws IllegalArgumentException naming the field that is wrong, never showing a secret
     */
    static List<EncryptionProvider> providers(String type, JsonNode keys, String path, Set<String> seen) {
        if (!keys.isArray() || keys.isEmpty()) {
            throw new IllegalArgumentException(path + ": Required value: at least one key (name and secret)");
        }
        List<EncryptionProvider> providers = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String field = path + "[" + i + "]";
            String name = keys.get(i).path("name").asText("");
            if (name.isBlank()) {
                throw new IllegalArgumentException(field + ".name: Required value: every key needs a name");
            }
            if (name.contains(":") || name.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
                throw new IllegalArgumentException(field + ".name: Invalid value: \"" + name.replaceAll("\\p{Cntrl}", "?")
                        + "\": a key name is part of every stored value's prefix and may not hold ':', spaces or "
                        + "control characters");
            }
            if (!seen.add(type + ":" + name)) {
                throw new IllegalArgumentException(field + ".name: Duplicate value: \"" + name + "\"");
            }
            byte[] secret = secret(type, name, keys.get(i).path("secret"), field + ".secret");
            providers.add(AesCbcProvider.NAME.equals(type) ? new AesCbcProvider(name, secret)
                    : new AesGcmProvider(name, secret));
        }
        return providers;
    }

    private static byte[] secret(String type, String name, JsonNode value, String field) {
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(field + ": Required value: the key \"" + name + "\" needs its secret, "
                    + "base64-encoded");
        }
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(value.asText().strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": the secret of key \"" + name + "\" is not valid base64 ("
                    + e.getMessage() + ")");
        }
        boolean cbc = AesCbcProvider.NAME.equals(type);
        boolean fits = cbc ? secret.length == AesCbcProvider.KEY_BYTES
                : secret.length == 16 || secret.length == 24 || secret.length == 32;
        if (!fits) {
            throw new IllegalArgumentException(field + ": the secret of key \"" + name + "\" is " + secret.length
                    + " bytes long; " + type + " needs " + (cbc ? "32 bytes" : "16, 24 or 32 bytes")
                    + " (e.g. head -c 32 /dev/urandom | base64)");
        }
        return secret;
    }
}
