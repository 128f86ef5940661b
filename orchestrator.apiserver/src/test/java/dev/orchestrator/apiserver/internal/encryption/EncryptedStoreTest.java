package dev.orchestrator.apiserver.internal.encryption;

import static dev.orchestrator.apiserver.internal.encryption.Keys.IDENTITY;
import static dev.orchestrator.apiserver.internal.encryption.Keys.aescbc;
import static dev.orchestrator.apiserver.internal.encryption.Keys.aesgcm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.store.KeyValue;
import dev.orchestrator.api.store.ListRequest;
import dev.orchestrator.api.store.Store;
import dev.orchestrator.api.store.StoreException;
import dev.orchestrator.api.store.Watch;
import dev.orchestrator.api.store.WatchEvent;
import dev.orchestrator.api.store.WatchListener;
import dev.orchestrator.store.embedded.internal.EmbeddedStore;
import dev.orchestrator.testing.Eventually;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The encrypting store over a real embedded store: what reaches the store, and what comes back. */
class EncryptedStoreTest {

    private static final String SECRET = "/registry/secrets/default/db";
    private static final String CONFIGMAP = "/registry/configmaps/default/settings";
    private static final String KEY1 = Keys.base64(32);
    private static final String KEY2 = Keys.base64(32);

    private EmbeddedStore raw;
    private Path dir;

    @BeforeEach
    void open() throws Exception {
        dir = Files.createTempDirectory("orch-encrypted");
        raw = new EmbeddedStore(EmbeddedStore.Settings.defaults(dir));
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

    private Store encrypted(String... providers) {
        return new EncryptedStore(raw, Keys.config("secrets", providers));
    }

    private static byte[] value(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(KeyValue kv) {
        return new String(kv.value(), StandardCharsets.UTF_8);
    }

    private String rawText(String key) {
        return new String(raw.get(key).orElseThrow().value(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void configuredResourcesReachTheStoreEncryptedAndComeBackPlain() {
        Store store = encrypted(aescbc("key1", KEY1), IDENTITY);
        KeyValue created = store.create(SECRET, value("{\"data\":{\"p\":\"c2VjcmV0\"}}"));
        store.create(CONFIGMAP, value("{\"data\":{\"p\":\"visible\"}}"));
        assertEquals("{\"data\":{\"p\":\"c2VjcmV0\"}}", text(created));
        assertTrue(rawText(SECRET).startsWith("k8s:enc:aescbc:v1:key1:"), rawText(SECRET));
        assertFalse(rawText(SECRET).contains("c2VjcmV0"));
        assertEquals("{\"data\":{\"p\":\"visible\"}}", rawText(CONFIGMAP), "resources not configured stay as they are");

        assertEquals("{\"data\":{\"p\":\"c2VjcmV0\"}}", text(store.get(SECRET).orElseThrow()));
        List<KeyValue> listed = store.list(ListRequest.all("/registry/")).items();
        assertEquals(List.of("{\"data\":{\"p\":\"visible\"}}", "{\"data\":{\"p\":\"c2VjcmV0\"}}"),
                listed.stream().map(EncryptedStoreTest::text).toList());
        KeyValue updated = store.update(SECRET, value("{\"data\":{\"p\":\"bmV3\"}}"), created.modRevision());
        assertEquals("{\"data\":{\"p\":\"bmV3\"}}", text(updated));
        assertFalse(rawText(SECRET).contains("bmV3"));
        assertEquals("{\"data\":{\"p\":\"bmV3\"}}", text(store.delete(SECRET, 0).previous()));
    }

    @Test
    void watchEventsComeWithPlainCurrentAndPreviousValues() throws Exception {
        Store store = encrypted(aesgcm("key1", KEY1));
        long start = store.currentRevision();
        Recorder recorder = new Recorder();
        try (Watch ignored = store.watch("/registry/secrets/", start, recorder)) {
            KeyValue v1 = store.create(SECRET, value("{\"v\":1}"));
            store.update(SECRET, value("{\"v\":2}"), v1.modRevision());
            List<WatchEvent> events = recorder.await(2);
            assertEquals("{\"v\":1}", text(events.get(0).current().orElseThrow()));
            assertEquals("{\"v\":2}", text(events.get(1).current().orElseThrow()));
            assertEquals("{\"v\":1}", text(events.get(1).previous().orElseThrow()));
        }
    }

    @Test
    void keyRotationNewKeyFirstThenRewriteThenDropTheOldKey() {
        encrypted(aescbc("key1", KEY1), IDENTITY).create(SECRET, value("{\"v\":\"old\"}"));

        Store both = encrypted(aescbc("key2", KEY2), aescbc("key1", KEY1), IDENTITY);
        KeyValue read = both.get(SECRET).orElseThrow();
        assertEquals("{\"v\":\"old\"}", text(read), "the old key still reads");
        both.update(SECRET, read.value(), read.modRevision());
        assertTrue(rawText(SECRET).startsWith("k8s:enc:aescbc:v1:key2:"), "the rewrite uses the first key");

        Store onlyNew = encrypted(aescbc("key2", KEY2));
        assertEquals("{\"v\":\"old\"}", text(onlyNew.get(SECRET).orElseThrow()));
    }

    @Test
    void aValueWhoseKeyIsNotConfiguredFailsNamingTheKey() {
        encrypted(aescbc("key1", KEY1)).create(SECRET, value("{\"v\":1}"));
        Store other = encrypted(aescbc("key2", KEY2), IDENTITY);
        UnreadableValueException e = assertThrows(UnreadableValueException.class, () -> other.get(SECRET));
        assertTrue(e.getMessage().contains(SECRET) && e.getMessage().contains("aescbc key \"key1\""), e.getMessage());
        assertThrows(UnreadableValueException.class, () -> other.list(ListRequest.all("/registry/secrets/")),
                "a list never leaves the object out silently");
    }

    @Test
    void anotherSecretUnderTheSameKeyNameNeverServesGarbage() {
        encrypted(aesgcm("key1", KEY1)).create(SECRET, value("{\"v\":1}"));
        Store wrong = encrypted(aesgcm("key1", KEY2));
        UnreadableValueException e = assertThrows(UnreadableValueException.class, () -> wrong.get(SECRET));
        assertTrue(e.getMessage().contains("does not decrypt with aesgcm key \"key1\""), e.getMessage());
    }

    @Test
    void plainValuesNeedIdentityToBeRead() {
        raw.create(SECRET, value("{\"v\":\"written before encryption\"}"));
        assertEquals("{\"v\":\"written before encryption\"}",
                text(encrypted(aescbc("key1", KEY1), IDENTITY).get(SECRET).orElseThrow()));
        UnreadableValueException e = assertThrows(UnreadableValueException.class,
                () -> encrypted(aescbc("key1", KEY1)).get(SECRET));
        assertTrue(e.getMessage().contains("is not encrypted (identity)"), e.getMessage());
    }

    @Test
    void identityFirstDecryptsOnTheNextWrite() {
        encrypted(aescbc("key1", KEY1)).create(SECRET, value("{\"v\":1}"));
        Store decrypting = encrypted(IDENTITY, aescbc("key1", KEY1));
        KeyValue read = decrypting.get(SECRET).orElseThrow();
        decrypting.update(SECRET, read.value(), read.modRevision());
        assertEquals("{\"v\":1}", rawText(SECRET));
    }

    @Test
    void anEncryptedValueOfAResourceNoLongerConfiguredIsNeverServed() {
        encrypted(aescbc("key1", KEY1)).create(SECRET, value("{\"v\":1}"));
        Store configmapsOnly = new EncryptedStore(raw, Keys.config("configmaps", aescbc("key1", KEY1)));
        UnreadableValueException e = assertThrows(UnreadableValueException.class, () -> configmapsOnly.get(SECRET));
        assertTrue(e.getMessage().contains("lists no providers for this resource"), e.getMessage());
    }

    @Test
    void aWatchMeetingAnUnreadableValueEndsWithTheReason() throws Exception {
        Store store = encrypted(aescbc("key2", KEY2));
        Recorder recorder = new Recorder();
        try (Watch ignored = store.watch("/registry/secrets/", store.currentRevision(), recorder)) {
            encrypted(aescbc("key1", KEY1)).create(SECRET, value("{\"v\":1}"));
            StoreException reason = recorder.closed.get(10, TimeUnit.SECONDS).orElseThrow();
            assertInstanceOf(UnreadableValueException.class, reason);
            assertTrue(recorder.events.isEmpty());
        }
    }

    private static final class Recorder implements WatchListener {
        final List<WatchEvent> events = new CopyOnWriteArrayList<>();
        final CompletableFuture<Optional<StoreException>> closed = new CompletableFuture<>();

        @Override
        public void onEvents(List<WatchEvent> batch) {
            events.addAll(batch);
        }

        @Override
        public void onClose(Optional<StoreException> error) {
            closed.complete(error);
        }

        List<WatchEvent> await(int count) throws Exception {
            Eventually.until(count + " events", 10, () -> events.size() >= count);
            assertEquals(count, events.size());
            return events;
        }
    }
}
