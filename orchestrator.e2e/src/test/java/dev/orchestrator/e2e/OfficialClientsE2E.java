package dev.orchestrator.e2e;

import static dev.orchestrator.e2e.AllInOne.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.reflect.TypeToken;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ConfigMapList;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentCondition;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1DeploymentStatus;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1Status;
import io.kubernetes.client.util.Config;
import io.kubernetes.client.util.PatchUtils;
import io.kubernetes.client.util.Watch;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Official Kubernetes clients other than fabric8 against one all-in-one as {@code ./orch up} starts it (HTTPS,
 * client certificates; controllers off: these tests are about the wire): the official Java client, the official JavaScript client, and the
 * oldest kubectl to be had here (v1.20, which validates {@code apply} against the protobuf
 * {@code /openapi/v2}). Python's client is not among them: PyPI is not reachable from here.
 */
class OfficialClientsE2E {

    private static AllInOne cluster;
    private static ApiClient java;

    @BeforeAll
    static void start() throws Exception {
        // as ./orch up serves: HTTPS, the clients authenticating with the admin's client certificate
        cluster = AllInOne.startSecured(AllInOne.withoutControllers(Map.of()), null);
        for (String ns : List.of("java-client", "js-client", "kubectl-120", "wire")) {
            ok(cluster.kubectl("create", "namespace", ns));
        }
        java = Config.fromConfig(cluster.kubeconfig().toString());
        java.setHttpClient(java.getHttpClient().newBuilder().readTimeout(0, TimeUnit.SECONDS).build()); // watches
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void javaClientListsPageByPageWatchesPatchesUpdatesStatusAndDeletes() throws Exception {
        CoreV1Api core = new CoreV1Api(java);
        String ns = "java-client";
        for (String name : List.of("a", "b", "c")) {
            core.createNamespacedConfigMap(ns, new V1ConfigMap().metadata(new V1ObjectMeta().name(name)
                    .putLabelsItem("app", "java")).putDataItem("n", name)).execute();
        }
        List<String> names = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            V1ConfigMapList page = core.listNamespacedConfigMap(ns).labelSelector("app=java").limit(2)._continue(token)
                    .execute();
            page.getItems().forEach(c -> names.add(c.getMetadata().getName()));
            token = page.getMetadata().getContinue();
            pages++;
        } while (token != null && !token.isEmpty());
        assertEquals(List.of("a", "b", "c"), names);
        assertEquals(2, pages);

        String rv = core.listNamespacedConfigMap(ns).execute().getMetadata().getResourceVersion();
        try (Watch<V1ConfigMap> watch = Watch.createWatch(java, core.listNamespacedConfigMap(ns).watch(true)
                .resourceVersion(rv).allowWatchBookmarks(true).timeoutSeconds(30).buildCall(null),
                new TypeToken<Watch.Response<V1ConfigMap>>() { }.getType())) {
            core.createNamespacedConfigMap(ns, new V1ConfigMap().metadata(new V1ObjectMeta().name("watched"))).execute();
            Watch.Response<V1ConfigMap> event = watch.next();
            assertEquals("ADDED", event.type);
            assertEquals("watched", event.object.getMetadata().getName());
        }

        V1ConfigMap merged = PatchUtils.patch(V1ConfigMap.class, () -> core.patchNamespacedConfigMap("a", ns,
                new V1Patch("{\"data\":{\"merged\":\"yes\"}}")).buildCall(null), V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, java);
        assertEquals(Map.of("n", "a", "merged", "yes"), merged.getData());
        V1ConfigMap strategic = PatchUtils.patch(V1ConfigMap.class, () -> core.patchNamespacedConfigMap("a", ns,
                new V1Patch("{\"metadata\":{\"labels\":{\"tier\":\"x\"}}}")).buildCall(null),
                V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH, java);
        assertEquals(Map.of("app", "java", "tier", "x"), strategic.getMetadata().getLabels());
        V1ConfigMap jsonPatched = PatchUtils.patch(V1ConfigMap.class, () -> core.patchNamespacedConfigMap("a", ns,
                new V1Patch("[{\"op\":\"replace\",\"path\":\"/data/n\",\"value\":\"patched\"}]")).buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_PATCH, java);
        assertEquals("patched", jsonPatched.getData().get("n"));

        AppsV1Api apps = new AppsV1Api(java);
        V1Deployment created = apps.createNamespacedDeployment(ns, deployment("web")).execute();
        created.status(new V1DeploymentStatus().observedGeneration(1L).replicas(0)
                .addConditionsItem(new V1DeploymentCondition().type("Progressing").status("True").reason("FromJava")));
        V1Deployment updated = apps.replaceNamespacedDeploymentStatus("web", ns, created).execute();
        assertEquals("FromJava", updated.getStatus().getConditions().get(0).getReason());
        assertEquals("FromJava", apps.readNamespacedDeploymentStatus("web", ns).execute().getStatus().getConditions()
                .get(0).getReason());

        V1Status deleted = core.deleteNamespacedConfigMap("b", ns).execute(); // a Status, not the ConfigMap
        assertEquals("Success", deleted.getStatus());
        assertEquals("b", deleted.getDetails().getName());
        assertEquals("configmaps", deleted.getDetails().getKind());
        assertNotNull(deleted.getDetails().getUid());
    }

    private static V1Deployment deployment(String name) {
        return new V1Deployment().metadata(new V1ObjectMeta().name(name)).spec(new V1DeploymentSpec().replicas(1)
                .selector(new V1LabelSelector().putMatchLabelsItem("app", name))
                .template(new V1PodTemplateSpec().metadata(new V1ObjectMeta().putLabelsItem("app", name))
                        .spec(new V1PodSpec().addContainersItem(new V1Container().name("c").image("nginx")))));
    }

    @Test
    void javascriptClientListsPageByPageWatchesPatchesUpdatesStatusAndDeletes() throws Exception {
        Path js = NodeClients.installed();
        AllInOne.Result r = NodeClients.run(js, 120, "node", "official-clients.mjs", cluster.kubeconfig().toString(),
                "js-client");
        assertEquals(0, r.exit(), r.all());
        for (String step : List.of("list-with-continue", "watch", "patch", "status", "delete")) {
            assertTrue(r.out().contains("ok " + step + "\n"), step + " did not pass:\n" + r.all());
        }
    }

    @Test
    void kubectl120AppliesWithValidationExplainsAndDeletes() throws Exception {
        String kubectl = NodeClients.kubectl120().toString();
        assertTrue(ok(cluster.kubectlBinary(kubectl, null, "version", "--client")).out().contains("v1.20."));
        String manifest = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: kubectl-120}
                spec:
                  replicas: %d
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers: [{name: c, image: nginx, ports: [{containerPort: 80}]}]
                """;
        AllInOne.Result applied = ok(cluster.kubectlBinary(kubectl, manifest.formatted(1), "apply", "-f", "-"));
        assertTrue(applied.out().contains("deployment.apps/web created"), applied.all());
        AllInOne.Result again = ok(cluster.kubectlBinary(kubectl, manifest.formatted(3), "apply", "-f", "-"));
        assertTrue(again.out().contains("deployment.apps/web configured"), again.all());
        assertEquals("3", ok(cluster.kubectlBinary(kubectl, null, "get", "deployment", "web", "-n", "kubectl-120",
                "-o", "jsonpath={.spec.replicas}")).out());
        // its apply patch merges containers by name, as the definitions' patch strategy says: a removed one goes
        ok(cluster.kubectlBinary(kubectl, manifest.formatted(3).replace("containers: [{name: c, image: nginx, "
                + "ports: [{containerPort: 80}]}]", "containers: [{name: c, image: nginx}, {name: d, image: nginx}]"),
                "apply", "-f", "-"));
        ok(cluster.kubectlBinary(kubectl, manifest.formatted(3).replace("containers: [{name: c, image: nginx, "
                + "ports: [{containerPort: 80}]}]", "containers: [{name: d, image: nginx}]"), "apply", "-f", "-"));
        assertEquals("d", ok(cluster.kubectlBinary(kubectl, null, "get", "deployment", "web", "-n", "kubectl-120",
                "-o", "jsonpath={.spec.template.spec.containers[*].name}")).out());

        // validation reads the schema from /openapi/v2: an unknown field is refused before anything is sent
        AllInOne.Result invalid = cluster.kubectlBinary(kubectl, manifest.formatted(1).replace("replicas:", "replicaz:"),
                "apply", "-f", "-");
        assertTrue(invalid.exit() != 0 && invalid.err().contains("error validating data")
                && invalid.err().contains("unknown field \"replicaz\""), invalid.all());
        assertTrue(ok(cluster.kubectlBinary(kubectl, null, "explain", "deployment.spec.replicas")).out()
                .contains("integer"));

        AllInOne.Result deleted = ok(cluster.kubectlBinary(kubectl, null, "delete", "deployment", "web", "-n",
                "kubectl-120"));
        assertTrue(deleted.out().contains("deleted"), deleted.all());
    }

    @Test
    void deprecatedWatchPathsAreServedAsWatches() throws Exception {
        ok(cluster.kubectl("create", "configmap", "one", "-n", "wire"));
        ok(cluster.kubectl("create", "configmap", "two", "-n", "wire"));
        WireRequests wire = new WireRequests(cluster);
        HttpResponse<String> one = wire.get("/api/v1/watch/namespaces/wire/configmaps/one?timeoutSeconds=2");
        assertEquals(200, one.statusCode(), one.body());
        assertTrue(one.body().contains("\"type\":\"ADDED\"") && one.body().contains("\"name\":\"one\""), one.body());
        assertFalse(one.body().contains("\"name\":\"two\""), one.body());
        HttpResponse<String> all = wire.get("/api/v1/watch/namespaces/wire/configmaps?timeoutSeconds=2");
        assertTrue(all.body().contains("\"name\":\"one\"") && all.body().contains("\"name\":\"two\""), all.body());
        assertTrue(wire.get("/api/v1/watch/namespaces?timeoutSeconds=2").body().contains("\"name\":\"wire\""));
        assertEquals(200, wire.get("/apis/apps/v1/watch/namespaces/wire/deployments?timeoutSeconds=1").statusCode());
        assertEquals(405, wire.send("DELETE", "/api/v1/watch/namespaces/wire/configmaps/one", null).statusCode());
        HttpResponse<String> otherName = wire.get("/api/v1/watch/namespaces/wire/configmaps/one"
                + "?fieldSelector=metadata.name%3Dtwo");
        assertEquals(400, otherName.statusCode(), otherName.body());
    }

    @Test
    void queryParametersAreReadAsTheKubernetesServerReadsThem() throws Exception {
        ok(cluster.kubectl("create", "configmap", "q1", "-n", "wire"));
        ok(cluster.kubectl("create", "configmap", "q2", "-n", "wire"));
        WireRequests wire = new WireRequests(cluster);
        String cms = "/api/v1/namespaces/wire/configmaps";
        for (String[] bad : new String[][] {{"?watch=yes", "watch"}, {"?limit=abc", "limit"},
                {"?timeoutSeconds=soon", "timeoutSeconds"}, {"?watch=true&allowWatchBookmarks=maybe", "allowWatchBookmarks"}}) {
            HttpResponse<String> r = wire.get(cms + bad[0]);
            assertEquals(400, r.statusCode(), bad[0] + ": " + r.body());
            assertTrue(r.body().contains("\"reason\":\"BadRequest\"") && r.body().contains(bad[1]), bad[0] + ": " + r.body());
        }
        HttpResponse<String> grace = wire.send("DELETE", cms + "/q1?gracePeriodSeconds=soon", null);
        assertEquals(400, grace.statusCode(), grace.body());
        assertTrue(grace.body().contains("gracePeriodSeconds"), grace.body());
        // a repeated parameter counts with its first value, as Go's url.Values.Get reads it
        HttpResponse<String> first = wire.get(cms + "?limit=1&limit=abc");
        assertEquals(200, first.statusCode(), first.body());
        assertTrue(first.body().contains("\"continue\""), first.body());
        HttpResponse<String> watchT = wire.get(cms + "?watch=T&timeoutSeconds=1");
        assertTrue(watchT.body().startsWith("{\"type\":"), watchT.body());
        assertTrue(wire.get(cms + "?watch=0").body().contains("\"kind\":\"ConfigMapList\""));
    }

    @Test
    void openApiV2IsServedAsJsonAndAsProtobuf() throws Exception {
        WireRequests wire = new WireRequests(cluster);
        HttpResponse<String> json = wire.get("/openapi/v2");
        assertEquals(200, json.statusCode());
        assertTrue(json.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertTrue(json.body().contains("\"swagger\":\"2.0\""));
        HttpResponse<String> protobuf = wire.send("GET", "/openapi/v2",
                "application/com.github.proto-openapi.spec.v2@v1.0+protobuf, application/json");
        assertEquals(200, protobuf.statusCode());
        assertEquals("application/com.github.proto-openapi.spec.v2.v1.0+protobuf",
                protobuf.headers().firstValue("Content-Type").orElse(""));
    }
}
