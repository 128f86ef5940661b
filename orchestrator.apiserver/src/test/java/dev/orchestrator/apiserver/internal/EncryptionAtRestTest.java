package dev.orchestrator.apiserver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.api.store.Store;
import dev.orchestrator.apiserver.internal.encryption.EncryptionAtRest;
import dev.orchestrator.store.embedded.internal.EmbeddedStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API server's storage with encryption at rest switched on by a configuration file, as the component does. */
class EncryptionAtRestTest {

    private Path dir;
    private EmbeddedStore raw;

    @BeforeEach
    void open() throws Exception {
        dir = Files.createTempDirectory("orch-encryption");
        raw = new EmbeddedStore(EmbeddedStore.Settings.defaults(dir.resolve("store")));
    }

    @AfterEach
    void close() throws Exception {
        raw.close();
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private Path config(String keyName) throws Exception {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        Path file = dir.resolve(keyName + ".yaml");
        Files.writeString(file, """
                apiVersion: apiserver.config.k8s.io/v1
                kind: EncryptionConfiguration
                resources:
                - resources: [secrets]
                  providers:
                  - aescbc: {keys: [{name: %s, secret: %s}]}
                  - identity: {}
                """.formatted(keyName, Base64.getEncoder().encodeToString(key)));
        return file;
    }

    @Test
    void withoutThePropertyTheStoreIsUsedAsItIs() {
        assertSame(raw, EncryptionAtRest.protect(raw, null));
    }

    @Test
    void aMissingOrEmptyOrBadFileStopsTheStartNamingFileAndProblem() throws Exception {
        Path missing = dir.resolve("nowhere.yaml");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> EncryptionAtRest.protect(raw,
                missing.toString()));
        assertEquals("the encryption configuration " + missing + " (orchestrator.encryption.config) cannot be used: "
                + "the file does not exist", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> EncryptionAtRest.protect(raw, ""));
        assertTrue(e.getMessage().endsWith("the property is set but empty"), e.getMessage());
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "apiVersion: apiserver.config.k8s.io/v1\n"
                + "kind: EncryptionConfiguration\nresources: [{resources: [secrets], providers: [{aescbc: {keys: "
                + "[{name: k, secret: c2hvcnQ=}]}}]}]\n");
        e = assertThrows(IllegalStateException.class, () -> EncryptionAtRest.protect(raw, bad.toString()));
        assertTrue(e.getMessage().contains(bad.toString()) && e.getMessage().contains("is 5 bytes long; aescbc needs 32"),
                e.getMessage());
    }

    @Test
    void objectsRoundTripAndAnUnknownKeyIsA500NamingIt() throws Exception {
        ResourceRegistry registry = new ResourceRegistry();
        ResourceType secrets = registry.find("", "v1", "secrets").orElseThrow();
        ObjectStorage storage = new ObjectStorage(EncryptionAtRest.protect(raw, config("key1").toString()));
        storage.create(secrets, "default", "db", WritePath.json("{'metadata':{'name':'db'},'data':{'p':'aHVudGVyMg=='}}"));
        assertTrue(new String(raw.get("/registry/secrets/default/db").orElseThrow().value(), StandardCharsets.ISO_8859_1)
                .startsWith("k8s:enc:aescbc:v1:key1:"));
        ObjectNode read = storage.getOrNotFound(secrets, "default", "db");
        assertEquals("aHVudGVyMg==", read.path("data").path("p").asText());

        Store otherKey = EncryptionAtRest.protect(raw, config("key2").toString());
        ObjectStorage misconfigured = new ObjectStorage(otherKey);
        ApiException e = assertThrows(ApiException.class, () -> misconfigured.get(secrets, "default", "db"));
        assertEquals(500, e.code);
        assertTrue(e.getMessage().contains("/registry/secrets/default/db") && e.getMessage().contains("aescbc key \"key1\""),
                e.getMessage());
        ApiException listed = assertThrows(ApiException.class,
                () -> misconfigured.list(secrets, null, 0, 0, null, o -> true));
        assertEquals(500, listed.code);
    }
}
