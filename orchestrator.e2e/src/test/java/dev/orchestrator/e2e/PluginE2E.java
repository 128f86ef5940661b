package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The example plugin (examples/website) as its README drives it: installed into a running all-in-one (two hollow
 * nodes) with {@code ./orch plugin install}, its CRD appears and its reconciler keeps a ConfigMap, Deployment and
 * Service per Website and reports status; {@code kubectl scale} on the custom resource; the plugin updated in place
 * without touching what it made; kept across a restart of the process; removed again, leaving the users' objects.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class PluginE2E {

    private static final String BUNDLE = "dev.orchestrator.examples.website";
    private static final String CRD = "websites.example.orchestrator.dev";
    private AllInOne cluster;
    private Path jar;

    @BeforeAll
    void start() throws Exception {
        jar = Path.of(System.getProperty("repo.root", ".."), "examples", "website", "target",
                "example.website-" + System.getProperty("project.version", "0.1.0-SNAPSHOT") + ".jar");
        assertTrue(Files.isRegularFile(jar), "the example plugin is built before the e2e tests: " + jar);
        Map<String, String> etc = new LinkedHashMap<>(HollowNode.config("plugin-a", 216));
        etc.putAll(HollowNode.config("plugin-b", 217));
        cluster = AllInOne.startWith(etc);
        cluster.awaitNodeReady("plugin-a");
        cluster.awaitNodeReady("plugin-b");
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static AllInOne.Result ok(AllInOne.Result r) {
        return AllInOne.ok(r);
    }

    private String jsonpath(String kind, String name, String path) throws Exception {
        return cluster.jsonpath(kind, name, path);
    }

    @Test
    @Order(1)
    void installingThePluginBringsItsResourceAndReconciler() throws Exception {
        AllInOne.Result installed = ok(AllInOne.orch("plugins", "install", jar.toString(), "--server", cluster.url()));
        assertTrue(installed.out().contains("installed " + BUNDLE), installed.out());
        Eventually.until("the plugin's reconciler active in ./orch plugins list", 30,
                () -> ok(AllInOne.orch("plugins", "list", "--server", cluster.url())).out(),
                out -> out.lines().anyMatch(l -> l.startsWith(BUNDLE) && l.contains("WebsiteReconciler active")));
        Eventually.until("the plugin's CRD established", 60, () -> jsonpath("crd", CRD,
                "{.status.conditions[?(@.type==\"Established\")].status}"), "True"::equals);
        assertTrue(jsonpath("crd", CRD, "{.metadata.annotations}").contains(BUNDLE), "annotated with its bundle");

        ok(cluster.kubectlWithInput("""
                apiVersion: example.orchestrator.dev/v1
                kind: Website
                metadata: {name: hello}
                spec:
                  image: localhost/busybox:1
                  replicas: 2
                  content: "<h1>Hello from a plugin</h1>"
                """, "apply", "-f", "-"));
        Eventually.until("the Website's Deployment available", 90, () -> jsonpath("website", "hello",
                "{.status.availableReplicas}"), "2"::equals);
        assertEquals("<h1>Hello from a plugin</h1>", jsonpath("configmap", "hello-content", "{.data.index\\.html}"));
        assertEquals("Website", jsonpath("deployment", "hello", "{.metadata.ownerReferences[0].kind}"));
        assertEquals("80", jsonpath("service", "hello", "{.spec.ports[0].port}"));
        assertEquals("http://hello.default.svc.cluster.local/", jsonpath("website", "hello", "{.status.url}"));

        String table = ok(cluster.kubectl("get", "web")).out();
        assertTrue(table.contains("REPLICAS") && table.contains("AVAILABLE") && table.contains("URL"), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("hello") && l.contains("http://hello.")), table);
        assertTrue(ok(cluster.kubectl("get", "events", "--field-selector", "involvedObject.kind=Website"))
                .out().contains("Created"), "the reconciler's events");
    }

    @Test
    @Order(2)
    void theCustomResourceScalesAndItsSchemaHoldsAndDefaults() throws Exception {
        ok(cluster.kubectl("scale", "website", "hello", "--replicas=3"));
        Eventually.until("3 available after kubectl scale", 90, () -> jsonpath("website", "hello",
                "{.status.availableReplicas}"), "3"::equals);
        assertEquals("3", jsonpath("deployment", "hello", "{.spec.replicas}"));

        AllInOne.Result tooMany = cluster.kubectl("scale", "website", "hello", "--replicas=50");
        assertTrue(tooMany.exit() != 0 && tooMany.err().contains("spec.replicas"), tooMany.out() + tooMany.err());

        ok(cluster.kubectlWithInput("""
                apiVersion: example.orchestrator.dev/v1
                kind: Website
                metadata: {name: defaults}
                spec: {image: localhost/busybox:1}
                """, "apply", "-f", "-"));
        assertEquals("1", jsonpath("website", "defaults", "{.spec.replicas}"), "the schema's default");
        Eventually.until("the defaulted Website available", 90, () -> jsonpath("website", "defaults",
                "{.status.availableReplicas}"), "1"::equals);
    }

    @Test
    @Order(3)
    void aNewVersionInstalledUnderAStreamOfChangesLosesNone() throws Exception {
        String deploymentUid = jsonpath("deployment", "hello", "{.metadata.uid}");
        Path next = withVersion(jar, "0.2.0");
        java.util.concurrent.atomic.AtomicInteger written = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread changes = new Thread(() -> {
            while (!stop.get()) {
                int n = written.get() + 1;
                try {
                    if (cluster.kubectl("patch", "website", "hello", "--type=merge", "-p",
                            "{\"spec\":{\"content\":\"change " + n + "\"}}").exit() == 0) {
                        written.set(n);
                    }
                } catch (Exception e) {
                    return;
                }
            }
        }, "website-changes");
        changes.start();
        try {
            Eventually.until("some changes before the update", 30, written::get, n -> n >= 3);
            AllInOne.Result updated = ok(AllInOne.orch("plugins", "update", next.toString(), "--server", cluster.url()));
            assertTrue(updated.out().contains("0.2.0"), updated.out());
            int at = written.get();
            Eventually.until("more changes after the update", 30, written::get, n -> n >= at + 3);
        } finally {
            stop.set(true);
            changes.join(30_000);
            Files.deleteIfExists(next);
        }
        String last = "change " + written.get();
        Eventually.until("the last change in the ConfigMap", 60, () -> jsonpath("configmap", "hello-content",
                "{.data.index\\.html}"), last::equals);
        assertEquals(deploymentUid, jsonpath("deployment", "hello", "{.metadata.uid}"), "the Deployment was kept");
        assertTrue(ok(AllInOne.orch("plugins", "list", "--server", cluster.url())).out().contains("0.2.0"));
    }

    /** A copy of a bundle jar with another Bundle-Version, as a new release of the plugin would be. */
    private static Path withVersion(Path jar, String version) throws Exception {
        Path copy = Files.createTempFile("website-" + version + "-", ".jar");
        try (java.util.jar.JarFile in = new java.util.jar.JarFile(jar.toFile())) {
            java.util.jar.Manifest manifest = new java.util.jar.Manifest(in.getManifest());
            manifest.getMainAttributes().putValue("Bundle-Version", version);
            try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(copy),
                    manifest)) {
                for (var entries = in.entries(); entries.hasMoreElements(); ) {
                    java.util.jar.JarEntry entry = entries.nextElement();
                    if (entry.getName().equalsIgnoreCase("META-INF/MANIFEST.MF")) {
                        continue;
                    }
                    out.putNextEntry(new java.util.jar.JarEntry(entry.getName()));
                    in.getInputStream(entry).transferTo(out);
                }
            }
        }
        return copy;
    }

    @Test
    @Order(4)
    void thePluginComesBackAfterARestart() throws Exception {
        cluster.restart();
        assertTrue(ok(AllInOne.orch("plugins", "list", "--server", cluster.url())).out().contains(BUNDLE));
        ok(cluster.kubectl("patch", "website", "hello", "--type=merge", "-p", "{\"spec\":{\"content\":\"v3\"}}"));
        Eventually.until("the restarted plugin reconciles", 90, () -> jsonpath("configmap", "hello-content",
                "{.data.index\\.html}"), "v3"::equals);
    }

    @Test
    @Order(5)
    void deletingAWebsiteDeletesWhatItOwned() throws Exception {
        ok(cluster.kubectl("delete", "website", "defaults", "--wait=true"));
        Eventually.until("the owned Deployment gone", 60, () -> cluster.kubectl("get", "deployment", "defaults").exit(),
                code -> code != 0);
        Eventually.until("the owned ConfigMap gone", 60, () -> cluster.kubectl("get", "configmap",
                "defaults-content").exit(), code -> code != 0);
    }

    @Test
    @Order(6)
    void removingThePluginStopsItsReconcilerAndLeavesTheRestRunning() throws Exception {
        AllInOne.Result removed = ok(AllInOne.orch("plugins", "remove", BUNDLE, "--server", cluster.url()));
        assertTrue(removed.out().contains("removed"), removed.out());
        assertFalse(ok(AllInOne.orch("plugins", "list", "--server", cluster.url())).out().contains(BUNDLE));
        assertEquals(CRD, jsonpath("crd", CRD, "{.metadata.name}"));
        assertEquals("hello", jsonpath("website", "hello", "{.metadata.name}"));

        // nothing reconciles Websites any more; the rest of the cluster does its work
        ok(cluster.kubectl("patch", "website", "hello", "--type=merge", "-p", "{\"spec\":{\"content\":\"orphan\"}}"));
        ok(cluster.kubectl("scale", "deployment", "hello", "--replicas=1"));
        Eventually.until("the built-in controllers still at work", 60, () -> jsonpath("deployment", "hello",
                "{.status.availableReplicas}"), "1"::equals);
        assertEquals("v3", jsonpath("configmap", "hello-content", "{.data.index\\.html}"), "no plugin reconciled");
        assertEquals("True", jsonpath("node", "plugin-a", "{.status.conditions[?(@.type==\"Ready\")].status}"));

        AllInOne.Result core = AllInOne.orch("plugins", "remove", "orchestrator.kubelet", "--server", cluster.url());
        assertTrue(core.exit() != 0 && core.out().contains("not a plugin"), core.out());
    }
}
