package dev.orchestrator.apiserver.internal.encryption;

import static dev.orchestrator.apiserver.internal.encryption.Keys.IDENTITY;
import static dev.orchestrator.apiserver.internal.encryption.Keys.aescbc;
import static dev.orchestrator.apiserver.internal.encryption.Keys.aesgcm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EncryptionConfigFileTest {

    private static final String KEY32 = Keys.base64(32);

    @Test
    void readsKubernetesYamlWithRulesInOrder() {
        EncryptionConfiguration config = EncryptionConfigFile.parse("""
                apiVersion: apiserver.config.k8s.io/v1
                kind: EncryptionConfiguration
                resources:
                  - resources:
                      - secrets
                      - configmaps
                    providers:
                      - aesgcm:
                          keys:
                            - name: key2
                              secret: %s
                      - aescbc:
                          keys:
                            - name: key1
                              secret: %s
                      - identity: {}
                  - resources: ["*.apps"]
                    providers: [{identity: {}}]
                """.formatted(Keys.base64(16), KEY32).getBytes(StandardCharsets.UTF_8));
        ProviderList secrets = config.providersFor("/registry/secrets/default/db").orElseThrow();
        assertEquals("[aesgcm key \"key2\", aescbc key \"key1\", identity]", secrets.toString());
        assertEquals(secrets, config.providersFor("/registry/configmaps/default/c").orElseThrow());
        assertInstanceOf(IdentityProvider.class, config.providersFor("/registry/apps/deployments/default/web")
                .orElseThrow().writer());
        assertTrue(config.providersFor("/registry/pods/default/p").isEmpty());
    }

    @Test
    void readsJson() {
        String json = """
                {"apiVersion": "apiserver.config.k8s.io/v1", "kind": "EncryptionConfiguration",
                 "resources": [{"resources": ["secrets"], "providers": [{"aescbc": {"keys": [{"name": "k", "secret": "%s"}]}}]}]}
                """.formatted(KEY32);
        EncryptionConfiguration config = EncryptionConfigFile.parse(json.getBytes(StandardCharsets.UTF_8));
        assertEquals("secrets -> [aescbc key \"k\"]", config.toString());
    }

    static Stream<Arguments> badConfigs() {
        String short16 = Keys.base64(16);
        return Stream.of(
                Arguments.of("", "the file is empty"),
                Arguments.of("resources: [", "not valid YAML or JSON"),
                Arguments.of("- a\n- b\n", "does not hold one object"),
                Arguments.of("apiVersion: v1\nkind: EncryptionConfig\nresources: []\n",
                        "apiVersion and kind must be apiserver.config.k8s.io/v1 and EncryptionConfiguration, not v1"),
                Arguments.of("apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\n",
                        "resources: Required value"),
                Arguments.of(Keys.yaml(""), "resources[0].resources: Required value"),
                Arguments.of(Keys.yaml("secrets"), "resources[0].providers: Required value"),
                Arguments.of(Keys.yaml("secrets", "{secretbox: {keys: [{name: k, secret: " + KEY32 + "}]}}"),
                        "resources[0].providers[0]: the provider secretbox is not supported here"),
                Arguments.of(Keys.yaml("secrets", "{kms: {name: vault}}"), "the provider kms is not supported here"),
                Arguments.of(Keys.yaml("secrets", "{aesxts: {}}"), "resources[0].providers[0]: unknown provider \"aesxts\""),
                Arguments.of(Keys.yaml("secrets", "{identity: {}, aescbc: {keys: []}}"),
                        "resources[0].providers[0]: exactly one provider per entry"),
                Arguments.of(Keys.yaml("secrets", "{aescbc: {keys: []}}"),
                        "resources[0].providers[0].aescbc.keys: Required value"),
                Arguments.of(Keys.yaml("secrets", aescbc("key1", "not*base64")),
                        "resources[0].providers[0].aescbc.keys[0].secret: the secret of key \"key1\" is not valid base64"),
                Arguments.of(Keys.yaml("secrets", aescbc("key1", short16)),
                        "resources[0].providers[0].aescbc.keys[0].secret: the secret of key \"key1\" is 16 bytes long; "
                                + "aescbc needs 32 bytes"),
                Arguments.of(Keys.yaml("secrets", aesgcm("key1", Keys.base64(20))),
                        "is 20 bytes long; aesgcm needs 16, 24 or 32 bytes"),
                Arguments.of(Keys.yaml("secrets", "{aescbc: {keys: [{name: key1}]}}"),
                        "resources[0].providers[0].aescbc.keys[0].secret: Required value"),
                Arguments.of(Keys.yaml("secrets", "{aescbc: {keys: [{secret: " + KEY32 + "}]}}"),
                        "resources[0].providers[0].aescbc.keys[0].name: Required value"),
                Arguments.of(Keys.yaml("secrets", aescbc("'a:b'", KEY32)), "may not hold ':'"),
                Arguments.of(Keys.yaml("secrets", aescbc("key1", KEY32), aescbc("key1", KEY32)),
                        "resources[0].providers[1].aescbc.keys[0].name: Duplicate value: \"key1\""),
                Arguments.of(Keys.yaml("secrets", IDENTITY, IDENTITY), "resources[0].providers[1].identity: Duplicate value"),
                Arguments.of(Keys.yaml("'*'", IDENTITY), "resources[0].resources[0]: \"*\" is not a resource"),
                Arguments.of(Keys.yaml("'*.*', secrets", IDENTITY),
                        "resources[0].resources[1]: \"secrets\" is already matched by \"*.*\""),
                Arguments.of(Keys.yaml("secrets, secrets", IDENTITY), "\"secrets\" is already matched by \"secrets\""));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badConfigs")
    void refusesWithAMessageNamingTheField(String content, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EncryptionConfigFile.parse(content.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void neverShowsASecretInAMessage() {
        String secret = Base64.getEncoder().encodeToString(Keys.random(31));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EncryptionConfigFile.parse(
                Keys.yaml("secrets", aescbc("key1", secret)).getBytes(StandardCharsets.UTF_8)));
        assertFalse(e.getMessage().contains(secret), e.getMessage());
    }
}
