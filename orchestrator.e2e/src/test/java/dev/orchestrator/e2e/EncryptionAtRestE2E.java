package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.Eventually;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Secrets encrypted at rest on both stores: the all-in-one started with {@code -Dorchestrator.encryption.config}
 * naming the file {@code ./orch up} writes (as {@code ./orch up} starts it) keeps no Secret value in plain text in the store's files (the embedded store's
 * directory, etcd's data directory) but values with Kubernetes' {@code k8s:enc:aescbc:v1:<key>:} prefix, serves the
 * Secrets plain through get, list and watch, answers 500 naming the key when the file no longer has the key a Secret
 * was written with, and refuses to start once the file is gone.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class EncryptionAtRestE2E {

    private static final String PROPERTY = "orchestrator.encryption.config";

    @Test
    void onTheEmbeddedStore() throws Exception {
        secretsStayEncrypted(false);
    }

    @Test
    void onEtcd() throws Exception {
        secretsStayEncrypted(true);
    }

    private void secretsStayEncrypted(boolean withEtcd) throws Exception {
        Path keys = Files.createTempDirectory("orch-e2e-keys");
        Path config = writtenAsOrchUpDoes(keys);
        String keyName = java.util.regex.Pattern.compile("name: (\\S+)").matcher(Files.readString(config)).results()
                .findFirst().orElseThrow().group(1);
        try (AllInOne cluster = AllInOne.start(withEtcd, AllInOne.withoutControllers(Map.of()),
                Map.of(PROPERTY, config.toString()))) {
            Path storeFiles = withEtcd ? etcdDataDir(cluster.etcd().orElseThrow().endpoint()) : cluster.dir().resolve("store");
            String secretValue = "secret-" + UUID.randomUUID();
            AllInOne.ok(cluster.kubectl("create", "secret", "generic", "db", "--from-literal=password=" + secretValue));
            assertEquals(secretValue, decode(cluster.jsonpath("secret", "db", "{.data.password}")));
            noPlainValueOnDisk(cluster, storeFiles, secretValue, keyName);
            try (KubernetesClient client = cluster.fabric8Client()) {
                assertEquals(base64(secretValue), client.secrets().withName("db").get().getData().get("password"));
                assertEquals(List.of("db"), client.secrets().list().getItems().stream()
                        .map(s -> s.getMetadata().getName()).toList());
                watchSeesPlainValues(client);
            }
            unreadableWithAnotherKey(cluster, config, keyName);
            refusesToStartWithoutTheFile(cluster, config);
        } finally {
            JarLaunch.deleteTree(keys);
        }
    }

    private static void noPlainValueOnDisk(AllInOne cluster, Path storeFiles, String secretValue, String keyName)
            throws Exception {
        // A ConfigMap is not configured: its value in the files shows that a plain value there would be found.
        String plainValue = "plain-" + UUID.randomUUID();
        AllInOne.ok(cluster.kubectl("create", "configmap", "settings", "--from-literal=mode=" + plainValue));
        Eventually.until("the ConfigMap's plain value in " + storeFiles, 30, () -> holds(storeFiles, plainValue),
                found -> found);
        // the Secret was written before the ConfigMap, so it is on disk by now (store writes are durable, in order)
        assertFalse(holds(storeFiles, secretValue), "the Secret's value in plain text in " + storeFiles);
        assertFalse(holds(storeFiles, base64(secretValue)), "the Secret's value (base64) in " + storeFiles);
        assertTrue(holds(storeFiles, "k8s:enc:aescbc:v1:" + keyName + ":"), "no encrypted value in " + storeFiles);
    }

    /** Another key in the file (the old one gone): the Secret is a 500 naming the key it was written with. */
    private static void unreadableWithAnotherKey(AllInOne cluster, Path config, String keyName) throws Exception {
        Files.writeString(config, Files.readString(config).replace(keyName, "other")
                .replaceAll("secret: \\S+", "secret: " + Base64.getEncoder().encodeToString(new byte[32])));
        cluster.restart();
        AllInOne.Result unreadable = cluster.kubectl("get", "secret", "db", "-o", "name");
        assertNotEquals(0, unreadable.exit());
        assertTrue(unreadable.err().contains("Error from server (InternalError)")
                && unreadable.err().contains("/registry/secrets/default/db was written with aescbc key \"" + keyName
                + "\""), unreadable.all());
        AllInOne.ok(cluster.kubectl("get", "configmap", "settings", "-o", "name"));
    }

    private static void refusesToStartWithoutTheFile(AllInOne cluster, Path config) throws Exception {
        Files.delete(config);
        cluster.restartWithoutWaiting();
        String refusal = "API server not started: the encryption configuration " + config + " (" + PROPERTY
                + ") cannot be used: the file does not exist";
        Eventually.until("the refusal in the log", 60, cluster::log, log -> log.contains(refusal));
        assertNotEquals(200, status(cluster.url() + "/api/v1/namespaces/default/secrets/db"),
                "the API is served without its encryption configuration");
    }

    /** A Secret created while a watch runs arrives with its value plain (through the watch cache). */
    private static void watchSeesPlainValues(KubernetesClient client) throws Exception {
        LinkedBlockingQueue<Secret> added = new LinkedBlockingQueue<>();
        String rv = client.secrets().list().getMetadata().getResourceVersion();
        try (Watch ignored = client.secrets().withResourceVersion(rv).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Secret secret) {
                if (action == Action.ADDED) {
                    added.add(secret);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            client.secrets().resource(new SecretBuilder().withNewMetadata().withName("watched").endMetadata()
                    .addToStringData("token", "watched-value").build()).create();
            Secret seen = added.poll(30, TimeUnit.SECONDS);
            assertEquals("watched", seen == null ? null : seen.getMetadata().getName());
            assertEquals(base64("watched-value"), seen.getData().get("token"));
        }
    }

    /**
     * The configuration {@code ./orch up} writes into a data directory (its function {@code encryption_config}, run
     * alone): a random aescbc key for Secrets, then identity; 0600 in a 0700 directory.
     */
    private static Path writtenAsOrchUpDoes(Path dataDir) throws Exception {
        Path config = AllInOne.orchFunction("encryption_config", dataDir);
        assertEquals(dataDir.resolve("pki/encryption-config.yaml"), config);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(config.getParent())));
        return config;
    }

    /** The {@code --data-dir} of the etcd process serving {@code endpoint}, from its command line. */
    private static Path etcdDataDir(String endpoint) {
        return ProcessHandle.allProcesses().map(p -> p.info().arguments().map(List::of).orElse(List.of()))
                .filter(args -> args.contains(endpoint) && args.contains("--data-dir"))
                .map(args -> Path.of(args.get(args.indexOf("--data-dir") + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("no etcd process serving " + endpoint));
    }

    /** Whether any file under {@code dir} holds {@code text} (as {@code grep -ra} would find it). */
    private static boolean holds(Path dir, String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (indexOf(Files.readAllBytes(file), needle) >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    /** The HTTP status of a GET, or -1 when nothing answers. */
    private static int status(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(2000);
        c.setReadTimeout(5000);
        try {
            return c.getResponseCode();
        } catch (IOException notListening) {
            return -1;
        } finally {
            c.disconnect();
        }
    }
}
