package dev.orchestrator.examples.website;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orchestrator.testkit.TestCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reconciler against the product's API server and controller runtime, in this JVM (orchestrator.testkit):
 * the CRD from the bundle's own resources, a Website created through the typed client, the objects it should
 * own checked. No node runs here, so the Deployment's status is written by the test where it matters.
 */
class WebsiteReconcilerTest {

    private static TestCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start();
        client = cluster.client();
        cluster.apply(WebsiteReconcilerTest.class.getResourceAsStream("/crds/websites.yaml"));
        cluster.run(new WebsiteReconciler(client));
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Website website(String name, String content) {
        Website site = new Website();
        site.getMetadata().setName(name);
        site.getMetadata().setNamespace("default");
        WebsiteSpec spec = new WebsiteSpec();
        spec.setImage("localhost/busybox:1");
        spec.setContent(content);
        site.setSpec(spec);
        return site;
    }

    @Test
    void aWebsiteGetsItsContentDeploymentServiceAndStatus() throws Exception {
        client.resource(website("hello", "<h1>hi</h1>")).create();

        ConfigMap content = cluster.await("the content ConfigMap", Duration.ofSeconds(30),
                () -> client.configMaps().inNamespace("default").withName("hello-content").get(), c -> c != null);
        assertEquals("<h1>hi</h1>", content.getData().get("index.html"));
        Deployment deployment = cluster.await("the Deployment", Duration.ofSeconds(30),
                () -> client.apps().deployments().inNamespace("default").withName("hello").get(), d -> d != null);
        assertEquals(1, deployment.getSpec().getReplicas(), "the CRD's default replicas");
        assertEquals("Website", deployment.getMetadata().getOwnerReferences().get(0).getKind());
        cluster.await("the Service", Duration.ofSeconds(30),
                () -> client.services().inNamespace("default").withName("hello").get(), s -> s != null);
        Website reported = cluster.await("the status", Duration.ofSeconds(30),
                () -> client.resources(Website.class).inNamespace("default").withName("hello").get(),
                w -> w.getStatus() != null && w.getStatus().getUrl() != null);
        assertEquals("http://hello.default.svc.cluster.local/", reported.getStatus().getUrl());
    }

    @Test
    void aNewContentRollsTheDeploymentAndAHandEditIsUndone() throws Exception {
        client.resource(website("roll", "v1")).create();
        Deployment first = cluster.await("the Deployment", Duration.ofSeconds(30),
                () -> client.apps().deployments().inNamespace("default").withName("roll").get(), d -> d != null);
        String firstHash = first.getSpec().getTemplate().getMetadata().getAnnotations()
                .get(WebsiteObjects.CONTENT_HASH);

        // a merge patch without a resourceVersion: the reconciler writes the status meanwhile
        client.resources(Website.class).inNamespace("default").withName("roll")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"content\":\"v2\"}}");
        cluster.await("the new content", Duration.ofSeconds(30),
                () -> client.configMaps().inNamespace("default").withName("roll-content").get(),
                c -> "v2".equals(c.getData().get("index.html")));
        cluster.await("a new pod template", Duration.ofSeconds(30),
                () -> client.apps().deployments().inNamespace("default").withName("roll").get(),
                d -> !firstHash.equals(d.getSpec().getTemplate().getMetadata().getAnnotations()
                        .get(WebsiteObjects.CONTENT_HASH)));

        client.apps().deployments().inNamespace("default").withName("roll")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":5}}"); // a hand edit
        cluster.await("the Website's replicas back", Duration.ofSeconds(30),
                () -> client.apps().deployments().inNamespace("default").withName("roll").get(),
                d -> d.getSpec().getReplicas() == 1);
    }
}
