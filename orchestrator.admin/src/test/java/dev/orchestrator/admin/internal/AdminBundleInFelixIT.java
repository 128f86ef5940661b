package dev.orchestrator.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.felix.framework.Felix;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packaged bundle inside a real Felix with SCR and Felix HTTP (Jetty 12), driven over HTTP like ./orch does:
 * lists bundles, updates a probe bundle from an uploaded jar (new revision, new version, restarted), refuses what
 * it must with Status bodies, and updates itself asynchronously when asked to.
 */
// The self-update restarts the endpoint (once for the update, once more for the refresh that follows):
// it runs last, so no other test's request can meet the endpoint while it restarts.
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class AdminBundleInFelixIT {

    private static final Logger LOG = LoggerFactory.getLogger(AdminBundleInFelixIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROBE = "orchestrator.admin.probe";

    private static Felix felix;
    private static Path storage;
    private static String base;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void boot() throws Exception {
        String jar = System.getProperty("admin.bundle", "");
        Assumptions.assumeTrue(!jar.isEmpty() && Files.isRegularFile(Path.of(jar)), "needs the packaged bundle");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        base = "http://127.0.0.1:" + port + "/orchestrator/v1/bundles";
        storage = Files.createTempDirectory("admin-felix-");
        Map<String, Object> p = new HashMap<>();
        p.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // the bundles log through the test's SLF4J
        p.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "org.slf4j;version=2.0.17,org.slf4j.spi;version=2.0.17,"
                + "org.slf4j.helpers;version=2.0.17,org.slf4j.event;version=2.0.17");
        p.put("org.apache.felix.http.host", "127.0.0.1");
        p.put("org.osgi.service.http.port", String.valueOf(port));
        p.put("org.apache.felix.http.enable", "true");
        p.put("orchestrator.data.dir", storage.resolve("data").toString());
        felix = new Felix(p);
        felix.start();
        BundleContext context = felix.getBundleContext();
        List<Bundle> installed = new java.util.ArrayList<>();
        for (String name : List.of("org.osgi.util.function-", "org.osgi.util.promise-", "org.osgi.service.component-",
                "org.apache.felix.scr-", "org.apache.felix.http.servlet-api-", "commons-io-", "commons-fileupload-",
                "org.apache.felix.http.jetty12-", "jackson-annotations-", "jackson-core-", "jackson-databind-")) {
            installed.add(context.installBundle(new File(classPathJar(name)).toURI().toString()));
        }
        installed.add(context.installBundle(Path.of(jar).toUri().toString()));
        installed.add(context.installBundle("probe:" + PROBE, new ByteArrayInputStream(jar(PROBE, "1.0.0"))));
        installed.add(context.installBundle("probe:api",
                new ByteArrayInputStream(jar(BundleUpdater.API_BUNDLE, "1.0.0"))));
        for (Bundle b : installed) {
            b.start();
        }
        awaitEndpoint();
    }

    @AfterAll
    static void stop() throws Exception {
        if (felix != null) {
            felix.stop();
            felix.waitForStop(10_000);
        }
        if (storage != null) {
            try (var paths = Files.walk(storage)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    @Test
    void listsEveryBundleWithItsState() throws Exception {
        JsonNode list = get("");
        assertEquals(felix.getBundleContext().getBundles().length, list.get("items").size());
        JsonNode admin = item(list, "orchestrator.admin");
        assertEquals("ACTIVE", admin.get("state").asText());
        assertEquals("0.1.0.SNAPSHOT", admin.get("version").asText());
        JsonNode framework = item(list, "org.apache.felix.framework");
        assertEquals(0, framework.get("id").asLong());
    }

    @Test
    void updatesABundleFromAnUploadedJar() throws Exception {
        Bundle probe = bundle(PROBE);
        long before = probe.getLastModified();
        JsonNode current = get("/" + PROBE);
        String from = current.get("version").asText();
        String to = from.equals("1.0.0") ? "1.1.0" : "1.2.0";
        Thread.sleep(5); // lastModified has millisecond resolution

        HttpResponse<String> r = put("/" + PROBE, jar(PROBE + ";singleton:=true", to), "application/java-archive");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = JSON.readTree(r.body());
        LOG.info("update answer {}", body);
        assertEquals(to, body.get("version").asText());
        assertEquals(from, body.get("previousVersion").asText());
        assertEquals("ACTIVE", body.get("state").asText());
        assertTrue(body.get("millis").asLong() >= 0);
        assertEquals(to, probe.getVersion().toString(), "the framework has the new revision");
        assertEquals(to, probe.getHeaders().get(Constants.BUNDLE_VERSION));
        assertEquals(Bundle.ACTIVE, probe.getState());
        assertTrue(probe.getLastModified() > before);
        assertEquals(probe.getLastModified(), get("/" + PROBE).get("lastModified").asLong());
    }

    @Test
    void pluginsAreInstalledKeptUpdatedAndRemoved() throws Exception {
        String name = "orchestrator.admin.plugin";
        Path saved = storage.resolve("data").resolve("plugins").resolve(name + ".jar");
        byte[] v1 = jar(name, "1.0.0");
        HttpResponse<String> installed = post(v1, "application/java-archive");
        assertEquals(201, installed.statusCode(), installed.body());
        assertEquals("ACTIVE", JSON.readTree(installed.body()).get("state").asText());
        assertTrue(JSON.readTree(installed.body()).get("plugin").asBoolean());
        assertEquals("no components", get("/" + name).get("summary").asText(), "a plugin says what its components do");
        assertEquals(Bundle.ACTIVE, bundle(name).getState());
        assertTrue(java.util.Arrays.equals(v1, Files.readAllBytes(saved)), "the jar is kept for the next start");
        assertTrue(!item(get(""), PROBE).get("plugin").asBoolean(), "a product bundle is not a plugin");

        assertStatus(post(v1, "application/java-archive"), 409, "Conflict", "installed already", "PUT");
        byte[] v2 = jar(name, "1.1.0");
        HttpResponse<String> updated = put("/" + name, v2, "application/java-archive");
        assertEquals(200, updated.statusCode(), updated.body());
        assertEquals("1.1.0", bundle(name).getVersion().toString());
        assertTrue(java.util.Arrays.equals(v2, Files.readAllBytes(saved)), "the updated jar is kept");

        assertStatus(delete("/" + PROBE), 403, "Forbidden", "not a plugin");
        HttpResponse<String> removed = delete("/" + name);
        assertEquals(200, removed.statusCode(), removed.body());
        assertTrue(java.util.Arrays.stream(felix.getBundleContext().getBundles())
                .noneMatch(b -> name.equals(b.getSymbolicName())), "uninstalled");
        assertTrue(!Files.exists(saved), "its jar is forgotten");
        assertStatus(delete("/" + name), 404, "NotFound", name);
    }

    @Test
    void aPluginWhoseComponentFailsSaysWhy() throws Exception {
        // java.lang.Void has no constructor DS can call: its activation fails, as one that throws would
        String name = "orchestrator.admin.broken";
        HttpResponse<String> installed = post(UploadedJarTest.bundle(name, "1.0.0",
                Map.of("Service-Component", "OSGI-INF/broken.xml"), Map.of("OSGI-INF/broken.xml", """
                        <?xml version="1.0" encoding="UTF-8"?>
                        <scr:component xmlns:scr="http://www.osgi.org/xmlns/scr/v1.3.0" name="broken" immediate="true">
                          <implementation class="java.lang.Void"/>
                        </scr:component>
                        """)), "application/java-archive");
        assertEquals(201, installed.statusCode(), installed.body());
        JsonNode described = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            described = get("/" + name);
            if (described.path("summary").asText().contains("failed")) {
                break;
            }
            Thread.sleep(50);
        }
        assertTrue(described.path("summary").asText().startsWith("broken failed"), described.toString());
        assertTrue(described.path("components").get(0).path("failure").asText().length() > 0, described.toString());
        assertEquals(200, delete("/" + name).statusCode());
    }

    @Test
    void aPluginThatCannotStartIsRefusedAndNotKept() throws Exception {
        String name = "orchestrator.admin.unresolvable";
        byte[] jar = UploadedJarTest.bundle(name, "1.0.0", Map.of("Import-Package", "no.such.package"));
        assertStatus(post(jar, "application/java-archive"), 422, "Invalid", "could not start", "no.such.package");
        assertTrue(java.util.Arrays.stream(felix.getBundleContext().getBundles())
                .noneMatch(b -> name.equals(b.getSymbolicName())), "not left installed");
        assertTrue(!Files.exists(storage.resolve("data").resolve("plugins").resolve(name + ".jar")));
        assertStatus(post("not a jar".getBytes(StandardCharsets.UTF_8), "application/java-archive"), 400,
                "BadRequest", "not a jar");
    }

    @Test
    void refusesWithStatusBodies() throws Exception {
        String version = bundle(PROBE).getVersion().toString();
        assertStatus(get404("/no.such.bundle"), 404, "NotFound", "no.such.bundle");
        assertStatus(put("/" + PROBE, jar("other.bundle", "9.0.0"), "application/octet-stream"), 400, "BadRequest",
                "\"other.bundle\"", "\"" + PROBE + "\"");
        assertStatus(put("/no.such.bundle", jar("no.such.bundle", "1.0.0"), "application/octet-stream"), 404,
                "NotFound", "no.such.bundle");
        assertStatus(put("/" + PROBE, "this is not a jar".getBytes(StandardCharsets.UTF_8), "application/octet-stream"),
                400, "BadRequest", "not a jar");
        assertStatus(put("/" + PROBE, jar(PROBE, "9.0.0"), "application/json"), 415, "UnsupportedMediaType",
                "java-archive");
        assertStatus(put("/org.apache.felix.framework", jar("org.apache.felix.framework", "9.0.0"),
                "application/octet-stream"), 403, "Forbidden", "framework");
        assertStatus(put("/orchestrator.admin", jar("orchestrator.admin", "9.0.0"), "application/octet-stream"), 409,
                "Conflict", "self=true");
        assertStatus(put("/org.apache.felix.http.jetty12", jar("org.apache.felix.http.jetty12", "9.0.0"),
                "application/octet-stream"), 409, "Conflict", "self=true");
        assertStatus(put("/com.fasterxml.jackson.core.jackson-databind",
                jar("com.fasterxml.jackson.core.jackson-databind", "9.0.0"), "application/octet-stream"), 409,
                "Conflict", "self=true");
        assertStatus(send(HttpRequest.newBuilder(URI.create(base)).DELETE()), 405, "MethodNotAllowed", "PUT");
        assertStatus(put("", jar(PROBE, "9.0.0"), "application/octet-stream"), 405, "MethodNotAllowed", "PUT");
        // a jar whose manifest the framework rejects (a bad version) is a 400 with the BundleException message
        assertStatus(put("/" + PROBE, jar(PROBE, "not.a.version!"), "application/octet-stream"), 400, "BadRequest",
                "rejected");
        assertEquals(version, bundle(PROBE).getVersion().toString(), "nothing was updated");
        assertEquals(Bundle.ACTIVE, bundle(PROBE).getState());
    }

    @Test
    void refusalsBeforeTheJarWasReadKeepTheConnectionUsable() throws Exception {
        // the server reads and drops the unread jar before answering: otherwise it would close the connection under
        // a client still sending (which then sees a reset, not the answer) or one about to reuse it for its next
        // request (which then sees no answer at all)
        byte[] big = new byte[256 * 1024];
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> refused = put("", big, "application/octet-stream");
            assertStatus(refused, 405, "MethodNotAllowed", "PUT");
            assertTrue(refused.headers().firstValue("Connection").isEmpty(), "the connection stays open");
            assertStatus(put("/" + PROBE, big, "text/plain"), 415, "UnsupportedMediaType", "java-archive");
            assertStatus(put("/" + PROBE, new byte[100], "text/plain"), 415, "UnsupportedMediaType", "java-archive");
            assertEquals(200, get404("/" + PROBE).statusCode());
        }
    }

    @Test
    void theApiBundleNeedsForce() throws Exception {
        assertStatus(put("/orchestrator.api", jar("orchestrator.api", "1.0.1"), "application/octet-stream"), 409,
                "Conflict", "every component");
        HttpResponse<String> r = put("/orchestrator.api?force=true", jar("orchestrator.api", "1.0.1"),
                "application/octet-stream");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("1.0.1", bundle("orchestrator.api").getVersion().toString());
    }

    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
    void updatesItselfAfterAnswering() throws Exception {
        Bundle admin = bundle("orchestrator.admin");
        long before = admin.getLastModified();
        Thread.sleep(5);
        HttpResponse<String> r = put("/orchestrator.admin?self=true",
                Files.readAllBytes(Path.of(System.getProperty("admin.bundle"))), "application/java-archive");
        assertEquals(202, r.statusCode(), r.body());
        assertEquals("Success", JSON.readTree(r.body()).get("status").asText());
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (admin.getLastModified() == before || admin.getState() != Bundle.ACTIVE) {
            assertTrue(System.nanoTime() < deadline, "the admin bundle was not updated");
            Thread.sleep(50);
        }
        awaitEndpoint();
        assertNotEquals(before, get("/orchestrator.admin").get("lastModified").asLong());
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("orch-admin-")),
                "the update thread ended");
    }

    // --- helpers

    private static void assertStatus(HttpResponse<String> r, int code, String reason, String... inMessage)
            throws IOException {
        assertEquals(code, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode status = JSON.readTree(r.body());
        assertEquals("Status", status.get("kind").asText());
        assertEquals("v1", status.get("apiVersion").asText());
        assertEquals("Failure", status.get("status").asText());
        assertEquals(reason, status.get("reason").asText());
        assertEquals(code, status.get("code").asInt());
        for (String s : inMessage) {
            assertTrue(status.get("message").asText().contains(s), status.get("message").asText());
        }
        LOG.info("refused code={} message={}", code, status.get("message").asText());
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + path)).GET());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private static HttpResponse<String> get404(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    private static HttpResponse<String> put(String path, byte[] body, String type) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", type)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static HttpResponse<String> post(byte[] body, String type) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static HttpResponse<String> delete(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(70)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitEndpoint() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                if (send(HttpRequest.newBuilder(URI.create(base)).GET()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            assertTrue(System.nanoTime() < deadline, "the endpoint did not come up");
            Thread.sleep(50);
        }
    }

    private static JsonNode item(JsonNode list, String symbolicName) {
        for (JsonNode item : list.get("items")) {
            if (item.get("symbolicName").asText().equals(symbolicName)) {
                return item;
            }
        }
        throw new AssertionError("not listed: " + symbolicName);
    }

    private static Bundle bundle(String symbolicName) {
        for (Bundle b : felix.getBundleContext().getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("not installed: " + symbolicName);
    }

    /** A bundle with nothing but a manifest. */
    private static byte[] jar(String symbolicName, String version) throws IOException {
        return UploadedJarTest.bundle(symbolicName, version);
    }

    private static String classPathJar(String prefix) {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (Path.of(entry).getFileName().toString().startsWith(prefix)) {
                return entry;
            }
        }
        throw new AssertionError("not on the test class path: " + prefix);
    }
}
