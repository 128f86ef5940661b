package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.Eventually;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
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
 * CustomResourceDefinitions with the real kubectl and the fabric8 client against one all-in-one without
 * controllers: a CRD applied is served at once (api-resources, explain, every verb, printer columns, scale,
 * both versions), an invalid CRD or object is refused naming the fields, and deleting the CRD takes its
 * objects and its discovery with it. The tests run in order on one CRD.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CustomResourcesE2E {

    static final String CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: crontabs.stable.example.com
            spec:
              group: stable.example.com
              scope: Namespaced
              names:
                plural: crontabs
                kind: CronTab
                shortNames: [ct]
                categories: [all]
              versions:
              - name: v1beta1
                served: true
                storage: false
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        x-kubernetes-preserve-unknown-fields: true
              - name: v1
                served: true
                storage: true
                subresources:
                  status: {}
                  scale:
                    specReplicasPath: .spec.replicas
                    statusReplicasPath: .status.replicas
                additionalPrinterColumns:
                - name: Spec
                  type: string
                  jsonPath: .spec.cronSpec
                  description: The cron spec defining the interval a CronJob is run
                - name: Replicas
                  type: integer
                  jsonPath: .spec.replicas
                - name: Image
                  type: string
                  jsonPath: .spec.image
                  priority: 1
                - name: Age
                  type: date
                  jsonPath: .metadata.creationTimestamp
                schema:
                  openAPIV3Schema:
                    type: object
                    description: A CronTab runs an image on a schedule.
                    properties:
                      spec:
                        type: object
                        description: What to run and when.
                        required: [cronSpec]
                        properties:
                          cronSpec:
                            type: string
                            pattern: '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'
                            description: The schedule in cron format.
                          image:
                            type: string
                          replicas:
                            type: integer
                            minimum: 0
                            maximum: 10
                            default: 1
                      status:
                        type: object
                        properties:
                          replicas:
                            type: integer
            """;

    static final String CRONTAB = """
            apiVersion: stable.example.com/v1
            kind: CronTab
            metadata:
              name: nightly
              labels: {tier: batch}
            spec:
              cronSpec: "0 2 * * *"
              image: backup:1.0
            """;

    AllInOne cluster;

    @BeforeAll
    void start() throws Exception {
        cluster = AllInOne.startWith(AllInOne.withoutControllers(Map.of()));
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private AllInOne.Result ok(String... args) throws Exception {
        AllInOne.Result r = cluster.kubectl(args);
        assertEquals(0, r.exit(), String.join(" ", args) + ": " + r.all());
        return r;
    }

    private AllInOne.Result apply(String yaml) throws Exception {
        return cluster.kubectlWithInput(yaml, "apply", "-f", "-");
    }

    @Test
    @Order(1)
    void anAppliedCrdIsServedAndEstablished() throws Exception {
        AllInOne.Result applied = apply(CRD);
        assertEquals(0, applied.exit(), applied.all());
        // served as soon as the apply returned: the same kubectl's next call finds it
        AllInOne.Result resources = ok("api-resources", "--api-group=stable.example.com");
        assertTrue(resources.out().contains("crontabs") && resources.out().contains("ct")
                && resources.out().contains("stable.example.com/v1") && resources.out().contains("CronTab"),
                resources.out());
        Eventually.until("CRD Established", 10, () -> ok("get", "crd", "crontabs.stable.example.com", "-o",
                "jsonpath={.status.conditions[?(@.type==\"Established\")].status}").out(), "True"::equals);
        assertEquals("v1", ok("get", "crd", "crontabs.stable.example.com", "-o",
                "jsonpath={.status.storedVersions[*]}").out());
        assertTrue(ok("get", "crd").out().contains("crontabs.stable.example.com"));
    }

    @Test
    @Order(2)
    void kubectlExplainShowsTheSchema() throws Exception {
        AllInOne.Result explained = ok("explain", "crontabs.spec");
        assertTrue(explained.out().contains("cronSpec") && explained.out().contains("The schedule in cron format"),
                explained.out());
        assertTrue(ok("explain", "crd.spec.names").out().contains("plural"));
    }

    @Test
    @Order(3)
    void customObjectsAreCreatedAndListedWithPrinterColumns() throws Exception {
        AllInOne.Result created = apply(CRONTAB);
        assertEquals(0, created.exit(), created.all());
        String table = ok("get", "crontabs").out();
        assertTrue(table.startsWith("NAME") && table.contains("SPEC") && table.contains("REPLICAS")
                && table.contains("AGE") && !table.contains("IMAGE"), table);
        assertTrue(table.contains("nightly") && table.contains("0 2 * * *"), table);
        // the schema's default
        assertEquals("1", ok("get", "ct", "nightly", "-o", "jsonpath={.spec.replicas}").out());
        String wide = ok("get", "ct", "-o", "wide").out();
        assertTrue(wide.contains("IMAGE") && wide.contains("backup:1.0"), wide);
        AllInOne.Result bare = apply(CRONTAB.replace("nightly", "bare").replace("  image: backup:1.0\n", ""));
        assertEquals(0, bare.exit(), bare.all());
        // no image: a null cell, which kubectl leaves blank (NAME SPEC(5 words) REPLICAS AGE)
        String bareRow = ok("get", "ct", "bare", "-o", "wide", "--no-headers").out().strip();
        assertEquals(8, bareRow.split("\\s+").length, bareRow);
        ok("delete", "ct", "bare");
        assertTrue(ok("get", "all").out().contains("crontab.stable.example.com/nightly"));
        assertTrue(ok("get", "ct", "-l", "tier=batch", "-o", "name").out().contains("nightly"));
        assertEquals("", ok("get", "ct", "-l", "tier=web", "-o", "name").out().strip());
        assertTrue(ok("get", "ct", "--field-selector", "metadata.name=nightly", "-o", "name").out().contains("nightly"));
        // re-applying a changed manifest (a merge patch, as kubectl sends for custom resources)
        AllInOne.Result reapplied = apply(CRONTAB.replace("backup:1.0", "backup:1.1"));
        assertEquals(0, reapplied.exit(), reapplied.all());
        assertEquals("backup:1.1", ok("get", "ct", "nightly", "-o", "jsonpath={.spec.image}").out());
    }

    @Test
    @Order(4)
    void anInvalidObjectIsRefusedWithEveryViolation() throws Exception {
        AllInOne.Result refused = apply("""
                apiVersion: stable.example.com/v1
                kind: CronTab
                metadata: {name: broken}
                spec: {cronSpec: "every day", replicas: 11}
                """);
        assertNotEquals(0, refused.exit());
        assertTrue(refused.err().contains("spec.cronSpec") && refused.err().contains("spec.replicas")
                && refused.err().contains("Invalid"), refused.err());
        AllInOne.Result unknown = cluster.kubectlWithInput(CRONTAB.replace("nightly", "strict")
                .replace("image:", "colour: red\n  image:"), "create", "--validate=strict", "-f", "-");
        assertNotEquals(0, unknown.exit());
        assertTrue(unknown.err().contains("unknown field \"spec.colour\""), unknown.err());
    }

    @Test
    @Order(5)
    void patchesAndScaleWork() throws Exception {
        ok("patch", "ct", "nightly", "--type=merge", "-p", "{\"spec\":{\"image\":\"backup:2.0\"}}");
        ok("patch", "ct", "nightly", "--type=json", "-p", "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":2}]");
        assertEquals("backup:2.0 2", ok("get", "ct", "nightly", "-o",
                "jsonpath={.spec.image} {.spec.replicas}").out());
        AllInOne.Result strategic = cluster.kubectl("patch", "ct", "nightly", "--type=strategic", "-p",
                "{\"spec\":{\"image\":\"x\"}}");
        assertNotEquals(0, strategic.exit());
        assertTrue(strategic.err().contains("UnsupportedMediaType") || strategic.err().contains("unknown format")
                || strategic.err().contains("415"), strategic.err());
        // server-side apply creates and updates a custom resource, defaults and schema included
        String applied = CRONTAB.replace("nightly", "applied");
        AllInOne.Result ssa = cluster.kubectlWithInput(applied, "apply", "--server-side", "--field-manager=e2e", "-f", "-");
        assertEquals(0, ssa.exit(), ssa.all());
        ssa = cluster.kubectlWithInput(applied.replace("backup:1.0", "backup:3.0"), "apply", "--server-side",
                "--field-manager=e2e", "-f", "-");
        assertEquals(0, ssa.exit(), ssa.all());
        assertEquals("backup:3.0 1", ok("get", "ct", "applied", "-o", "jsonpath={.spec.image} {.spec.replicas}").out());
        ok("delete", "ct", "applied");
        String generation = ok("get", "ct", "nightly", "-o", "jsonpath={.metadata.generation}").out();
        ok("scale", "ct", "nightly", "--replicas=5");
        assertEquals("5", ok("get", "ct", "nightly", "-o", "jsonpath={.spec.replicas}").out());
        assertNotEquals(generation, ok("get", "ct", "nightly", "-o", "jsonpath={.metadata.generation}").out());
        // status is written through /status only, and does not bump the generation
        String before = ok("get", "ct", "nightly", "-o", "jsonpath={.metadata.generation}").out();
        ok("patch", "ct", "nightly", "--subresource=status", "--type=merge", "-p", "{\"status\":{\"replicas\":5}}");
        ok("patch", "ct", "nightly", "--type=merge", "-p", "{\"status\":{\"replicas\":9}}");
        assertEquals("5 " + before, ok("get", "ct", "nightly", "-o",
                "jsonpath={.status.replicas} {.metadata.generation}").out());
    }

    @Test
    @Order(6)
    void bothVersionsServeTheSameObject() throws Exception {
        assertEquals("stable.example.com/v1beta1 backup:2.0", ok("get", "crontabs.v1beta1.stable.example.com",
                "nightly", "-o", "jsonpath={.apiVersion} {.spec.image}").out());
        assertEquals("stable.example.com/v1", ok("get", "crontabs.v1.stable.example.com", "nightly", "-o",
                "jsonpath={.apiVersion}").out());
        AllInOne.Result missing = cluster.kubectl("get", "--raw", "/apis/stable.example.com/v2/namespaces/default/crontabs");
        assertNotEquals(0, missing.exit());
        assertTrue(missing.err().contains("NotFound") || missing.err().contains("not found")
                || missing.err().contains("could not find"), missing.err());
    }

    @Test
    @Order(7)
    void fabric8GenericResourcesWork() throws Exception {
        try (KubernetesClient client = cluster.fabric8Client()) {
            GenericKubernetesResource hourly = new GenericKubernetesResource();
            hourly.setApiVersion("stable.example.com/v1");
            hourly.setKind("CronTab");
            hourly.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("hourly").build());
            hourly.setAdditionalProperties(Map.of("spec", Map.of("cronSpec", "0 * * * *", "image", "sync:1")));
            client.genericKubernetesResources("stable.example.com/v1", "CronTab").inNamespace("default")
                    .resource(hourly).create();
            List<String> names = client.genericKubernetesResources("stable.example.com/v1", "CronTab")
                    .inNamespace("default").list().getItems().stream().map(r -> r.getMetadata().getName()).sorted()
                    .toList();
            assertEquals(List.of("hourly", "nightly"), names);
            GenericKubernetesResource read = client.genericKubernetesResources("stable.example.com/v1beta1", "CronTab")
                    .inNamespace("default").withName("hourly").get();
            assertEquals("stable.example.com/v1beta1", read.getApiVersion());

            // a watch sees a new object; a labelled deletecollection takes only what it selects
            List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            try (io.fabric8.kubernetes.client.Watch watch = client.genericKubernetesResources("stable.example.com/v1",
                    "CronTab").inNamespace("default").watch(new io.fabric8.kubernetes.client.Watcher<>() {
                        @Override
                        public void eventReceived(Action action, GenericKubernetesResource resource) {
                            seen.add(action + " " + resource.getMetadata().getName());
                        }

                        @Override
                        public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {
                        }
                    })) {
                GenericKubernetesResource temporary = new GenericKubernetesResource();
                temporary.setApiVersion("stable.example.com/v1");
                temporary.setKind("CronTab");
                temporary.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("temporary")
                        .withLabels(Map.of("temp", "yes")).build());
                temporary.setAdditionalProperties(Map.of("spec", Map.of("cronSpec", "*/5 * * * *")));
                client.genericKubernetesResources("stable.example.com/v1", "CronTab").inNamespace("default")
                        .resource(temporary).create();
                Eventually.until("watch event of temporary", 10, () -> List.copyOf(seen),
                        events -> events.contains("ADDED temporary"));
            }
            client.genericKubernetesResources("stable.example.com/v1", "CronTab").inNamespace("default")
                    .withLabel("temp", "yes").delete();
            Eventually.until("only the unlabelled left", 10, () -> client.genericKubernetesResources(
                    "stable.example.com/v1", "CronTab").inNamespace("default").list().getItems().stream()
                    .map(r -> r.getMetadata().getName()).sorted().toList(), List.of("hourly", "nightly")::equals);
        }
    }

    @Test
    @Order(8)
    void anInvalidCrdIsRefusedNamingTheField() throws Exception {
        AllInOne.Result refused = apply(CRD.replace("name: crontabs.stable.example.com", "name: tabs.stable.example.com")
                .replace("group: stable.example.com", "group: stable").replace("storage: false", "storage: true"));
        assertNotEquals(0, refused.exit());
        assertTrue(refused.err().contains("metadata.name") && refused.err().contains("spec.group")
                && refused.err().contains("spec.versions"), refused.err());
        AllInOne.Result webhook = apply(CRD.replace("crontabs", "webtabs").replace("kind: CronTab", "kind: WebTab")
                .replace("shortNames: [ct]", "shortNames: [wt]")
                .replace("  versions:", "  conversion: {strategy: Webhook}\n  versions:"));
        assertNotEquals(0, webhook.exit());
        assertTrue(webhook.err().contains("spec.conversion.strategy"), webhook.err());
    }

    @Test
    @Order(9)
    void aVersionNoLongerServedAnswers404() throws Exception {
        AllInOne.Result reapplied = apply(CRD.replace("served: true\n    storage: false", "served: false\n    storage: false"));
        assertEquals(0, reapplied.exit(), reapplied.all());
        AllInOne.Result beta = cluster.kubectl("get", "--raw", "/apis/stable.example.com/v1beta1/namespaces/default/crontabs");
        assertNotEquals(0, beta.exit());
        assertTrue(beta.err().contains("NotFound") || beta.err().contains("not found")
                || beta.err().contains("could not find"), beta.err());
        assertTrue(ok("get", "--raw", "/apis/stable.example.com").out().contains("\"stable.example.com/v1\""));
        assertFalse(ok("get", "--raw", "/apis/stable.example.com").out().contains("v1beta1"));
        assertTrue(ok("get", "ct", "-o", "name").out().contains("nightly"));
        assertEquals(0, apply(CRD).exit());
        Eventually.until("v1beta1 served again", 10, () -> cluster.kubectl("get", "--raw",
                "/apis/stable.example.com/v1beta1/namespaces/default/crontabs").exit(), exit -> exit == 0);
    }

    @Test
    @Order(10)
    void deletingTheCrdDeletesItsObjectsAndItsDiscovery() throws Exception {
        ok("delete", "crd", "crontabs.stable.example.com", "--wait=true", "--timeout=60s");
        Eventually.until("CRD gone", 30, () -> cluster.kubectl("get", "crd", "crontabs.stable.example.com").exit(),
                exit -> exit != 0);
        Eventually.until("api-resources without crontabs", 30, () -> ok("api-resources").out(),
                out -> !out.contains("crontabs"));
        AllInOne.Result gone = cluster.kubectl("get", "--raw", "/apis/stable.example.com/v1/namespaces/default/crontabs");
        assertNotEquals(0, gone.exit());
        // a new CRD of the same name starts empty
        assertEquals(0, apply(CRD).exit());
        assertFalse(ok("get", "ct", "-o", "name").out().contains("nightly"));
        ok("delete", "crd", "crontabs.stable.example.com", "--wait=true", "--timeout=60s");
    }

    @Test
    @Order(11)
    void noRequestEndedInAServerError() throws Exception {
        String log = cluster.log();
        assertFalse(log.contains("request failed"), log);
        assertFalse(log.contains("cannot be served"), log);
    }
}
