package dev.orchestrator.apiserver.internal.encryption;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads Kubernetes' {@code EncryptionConfiguration} ({@code apiserver.config.k8s.io/v1}), YAML or JSON, with the
 * {@code aescbc}, {@code aesgcm} and {@code identity} providers. Every problem is an
 * {@link IllegalArgumentException} whose message names the field ({@code resources[0].providers[1].aescbc.keys[0].secret})
 * and never shows a secret.
 */
final class EncryptionConfigFile {

    static final String API_VERSION = "apiserver.config.k8s.io/v1";
    static final String KIND = "EncryptionConfiguration";
    /** Providers of Kubernetes that this server does not offer (they need a plugin or a library it has not). */
    private static final Set<String> UNSUPPORTED = Set.of("secretbox", "kms");

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private EncryptionConfigFile() {
    }

    /** @throws IllegalArgumentException naming the field that is wrong */
    static EncryptionConfiguration parse(byte[] content) {
        JsonNode root = tree(content);
        if (!API_VERSION.equals(root.path("apiVersion").asText()) || !KIND.equals(root.path("kind").asText())) {
            throw new IllegalArgumentException("apiVersion and kind must be " + API_VERSION + " and " + KIND + ", not "
                    + root.path("apiVersion").asText("(none)") + " and " + root.path("kind").asText("(none)"));
        }
        JsonNode entries = root.path("resources");
        if (!entries.isArray() || entries.isEmpty()) {
            throw new IllegalArgumentException("resources: Required value: at least one entry of resources and their "
                    + "providers");
        }
        List<EncryptionConfiguration.Rule> rules = new ArrayList<>();
        List<ResourcePattern> earlier = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String path = "resources[" + i + "]";
            rules.add(new EncryptionConfiguration.Rule(resources(entries.get(i).path("resources"), path + ".resources",
                    earlier), providers(entries.get(i).path("providers"), path + ".providers")));
        }
        return new EncryptionConfiguration(rules);
    }

    private static JsonNode tree(byte[] content) {
        String text = new String(content, java.nio.charset.StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the file is empty");
        }
        try {
            JsonNode root = (text.startsWith("{") ? JSON : YAML).readTree(text);
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("the file does not hold one object (an " + KIND + ")");
            }
            return root;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the file is not valid YAML or JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("the file cannot be read: " + e);
        }
    }

    private static List<ResourcePattern> resources(JsonNode names, String path, List<ResourcePattern> earlier) {
        if (!names.isArray() || names.isEmpty()) {
            throw new IllegalArgumentException(path + ": Required value: at least one resource (e.g. secrets)");
        }
        List<ResourcePattern> patterns = new ArrayList<>();
        for (int j = 0; j < names.size(); j++) {
            String field = path + "[" + j + "]";
            ResourcePattern pattern;
            try {
                pattern = ResourcePattern.parse(names.get(j).asText(""));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(field + ": " + e.getMessage());
            }
            for (ResourcePattern before : earlier) {
                if (before.covers(pattern)) {
                    throw new IllegalArgumentException(field + ": \"" + pattern + "\" is already matched by \"" + before
                            + "\" earlier in the file, so this entry would never apply");
                }
            }
            earlier.add(pattern);
            patterns.add(pattern);
        }
        return patterns;
    }

    private static ProviderList providers(JsonNode entries, String path) {
        if (!entries.isArray() || entries.isEmpty()) {
            throw new IllegalArgumentException(path + ": Required value: at least one provider (aescbc, aesgcm or "
                    + "identity)");
        }
        List<EncryptionProvider> providers = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int k = 0; k < entries.size(); k++) {
            String field = path + "[" + k + "]";
            JsonNode entry = entries.get(k);
            if (!entry.isObject() || entry.size() != 1) {
                throw new IllegalArgumentException(field + ": exactly one provider per entry (aescbc, aesgcm or identity);"
                        + " list several providers as several entries");
            }
            Map.Entry<String, JsonNode> provider = entry.fields().next();
            String type = provider.getKey();
            switch (type) {
                case IdentityProvider.NAME -> {
                    if (!seen.add(type)) {
                        throw new IllegalArgumentException(field + ".identity: Duplicate value: identity is listed twice");
                    }
                    providers.add(IdentityProvider.INSTANCE);
                }
                case AesCbcProvider.NAME, AesGcmProvider.NAME -> providers.addAll(
                        AesKeys.providers(type, provider.getValue().path("keys"), field + "." + type + ".keys", seen));
                default -> throw new IllegalArgumentException(field + ": " + (UNSUPPORTED.contains(type)
                        ? "the provider " + type + " is not supported here" : "unknown provider \"" + type + "\"")
                        + " (supported: aescbc, aesgcm, identity)");
            }
        }
        return new ProviderList(providers);
    }
}
