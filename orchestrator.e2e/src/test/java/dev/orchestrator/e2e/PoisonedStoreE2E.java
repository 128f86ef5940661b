package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.client.LenientSerialization;
import dev.orchestrator.store.tck.EtcdServer;
import dev.orchestrator.testing.Eventually;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The store holds objects no client can decode (as data restored from an older version could):
 * a Pod whose terminationGracePeriodSeconds is out of long range and a Node whose status is a
 * number, written straight into etcd under the API server's keys, some before the all-in-one
 * starts (its informers' first list meets them) and some while it runs (its watches meet them).
 * The scheduler must still bind new pods to a hollow node, an informer of a client using
 * {@link LenientSerialization} must still see what is created later, and /metrics must count the
 * skips. One cluster for all tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PoisonedStoreE2E {

    private static final String NODE = "hollow-p";
    private static final String GRACE_OUT_OF_RANGE = "9223372036854775808";

    private EtcdServer etcd;
    private AllInOne cluster;
    private KubernetesClient client;

    @BeforeAll
    void start() throws Exception {
        etcd = EtcdServer.start();
        poisonPod("poison-before");
        poisonNode("poison-node-before");
        cluster = AllInOne.startOn(etcd, HollowNode.config(NODE, 202));
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(cluster.url()).withNamespace("default").build();
        client = new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory())
                .withKubernetesSerialization(new LenientSerialization()).build();
        Eventually.until("node " + NODE + " Ready", 60, () -> jsonpath("node", NODE,
                "{.status.conditions[?(@.type==\"Ready\")].status}"), "True"::equals);
        // once the scheduler's informers listed, the next ones reach them through their watches
        Eventually.until("scheduler started", 60, () -> cluster.log().contains("scheduler started"), Boolean.TRUE::equals);
        poisonPod("poison-after");
        poisonNode("poison-node-after");
    }

    @AfterAll
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (etcd != null) {
            etcd.close();
        }
    }

    @Test
    void schedulerStillBindsNewPods() throws Exception {
        for (String name : new String[] {"normal-1", "normal-2"}) {
            String json = """
                    {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s"},
                     "spec":{"terminationGracePeriodSeconds":1,
                             "containers":[{"name":"c","image":"busybox","command":["sleep","3600"]}]}}
                    """.formatted(name);
            AllInOne.Result r = cluster.kubectlWithInput(json, "create", "-f", "-");
            assertEquals(0, r.exit(), r.all());
            Eventually.until("pod " + name + " bound", 60, () -> jsonpath("pod", name, "{.spec.nodeName}"),
                    NODE::equals);
            // in between, the watch meets another pod it cannot decode
            poisonPod("poison-" + name);
        }
        assertFalse(cluster.log().contains("will stop"), "an informer gave up:\n" + cluster.log());
    }

    @Test
    void lenientInformerSeesWhatIsCreatedLater() throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        SharedIndexInformer<Pod> informer = client.pods().inAnyNamespace().runnableInformer(0);
        informer.addEventHandler(new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                seen.add(pod.getMetadata().getName());
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                seen.add(pod.getMetadata().getName());
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
            }
        });
        try {
            informer.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertTrue(informer.getStore().list().stream().noneMatch(p -> p.getMetadata().getName().startsWith("poison")),
                    "undecodable pods are left out of the list");
            poisonPod("poison-while-watching");
            client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("later")
                    .endMetadata().withNewSpec().withSchedulerName("nobody").addNewContainer().withName("c")
                    .withImage("busybox").endContainer().endSpec().build()).create();
            Eventually.until("informer sees pod later", 30, () -> seen.contains("later"), Boolean.TRUE::equals);
            assertTrue(informer.isWatching(), "the watch goes on after the undecodable event");
        } finally {
            informer.stop();
        }
    }

    @Test
    void metricsCountTheSkips() throws Exception {
        Eventually.until("decode errors of Pod and Node counted", 30, () -> {
            String text = metrics();
            return counter(text, "orchestrator_client_decode_errors_total", "Pod") >= 1
                    && counter(text, "orchestrator_client_decode_errors_total", "Node") >= 1;
        }, Boolean.TRUE::equals);
        String text = metrics();
        assertTrue(text.contains("# TYPE orchestrator_informer_restarts_total counter"), text);
        // The server's informers met them in their first list, and said which; the objects written
        // later reach them by their watch, or by a relist when the watch restarted meanwhile.
        String log = cluster.log();
        for (String seen : new String[] {"in=list kind=Pod object=default/poison-before",
                "in=list kind=Node object=poison-node-before"}) {
            assertTrue(log.contains("skipping an object that cannot be decoded " + seen), seen + " not in\n" + log);
        }
        for (String later : new String[] {"kind=Pod object=default/poison-after", "kind=Node object=poison-node-after"}) {
            Eventually.until(later + " skipped by the server's informers", 30, () -> {
                String now = cluster.log();
                return now.contains("cannot be decoded in=watch ADDED " + later)
                        || now.contains("cannot be decoded in=list " + later);
            }, Boolean.TRUE::equals);
        }
    }

    private String metrics() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(cluster.url()
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private static long counter(String text, String name, String kind) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{kind=\"" + kind + "\"} (\\d+)$").matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private String jsonpath(String kind, String name, String path) throws Exception {
        return cluster.jsonpath(kind, name, path);
    }

    private void poisonPod(String name) throws Exception {
        put("/registry/pods/default/" + name, """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","namespace":"default","uid":"%s"},
                 "spec":{"terminationGracePeriodSeconds":%s,"containers":[{"name":"c","image":"busybox"}]}}"""
                .formatted(name, java.util.UUID.randomUUID(), GRACE_OUT_OF_RANGE));
    }

    private void poisonNode(String name) throws Exception {
        put("/registry/nodes/" + name, """
                {"apiVersion":"v1","kind":"Node","metadata":{"name":"%s","uid":"%s"},"status":5}"""
                .formatted(name, java.util.UUID.randomUUID()));
    }

    /** A raw write through etcd's JSON gateway, bypassing the API server as a restored backup would. */
    private void put(String key, String value) throws Exception {
        Base64.Encoder b64 = Base64.getEncoder();
        String body = "{\"key\":\"" + b64.encodeToString(key.getBytes(StandardCharsets.UTF_8)) + "\",\"value\":\""
                + b64.encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "\"}";
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(etcd.endpoint() + "/v3/kv/put")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), "etcd put " + key + ": " + r.body());
    }
}
