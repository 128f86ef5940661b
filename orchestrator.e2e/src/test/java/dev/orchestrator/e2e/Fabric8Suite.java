package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.Eventually;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** The fabric8 Kubernetes client against a running all-in-one. Subclasses choose the store. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
abstract class Fabric8Suite {

    AllInOne cluster;
    KubernetesClient client;

    abstract boolean withEtcd();

    @BeforeAll
    void start() throws Exception {
        // The API's own handling of Deployments, Jobs and Nodes (status and scale subresources, conflicts) is
        // tested here: no Deployment, Job, node IPAM or node lifecycle controller writes to them meanwhile (a write between the
        // round trip's get and update would make the update a 409). The namespace controller stays: namespaces
        // are deleted in the round trips.
        cluster = AllInOne.start(withEtcd(), java.util.Map.of("orchestrator.controllers.deployment.cfg", "enabled=false\n",
                "orchestrator.controllers.job.cfg", "enabled=false\n",
                "orchestrator.controllers.nodeipam.cfg", "enabled=false\n",
                "orchestrator.controllers.nodelifecycle.cfg", "enabled=false\n"));
        client = newClient();
    }

    @AfterAll
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private KubernetesClient newClient() {
        return cluster.fabric8Client();
    }

    private String namespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        return name;
    }

    /** Create, get, list, update, delete one object of a resource; a label marks the update. */
    private static <T extends HasMetadata, L extends KubernetesResourceList<T>> void roundTrip(
            NonNamespaceOperation<T, L, ? extends Resource<T>> op, T object) throws Exception {
        T created = op.resource(object).create();
        String name = created.getMetadata().getName();
        assertNotNull(created.getMetadata().getUid());
        assertNotNull(created.getMetadata().getResourceVersion());
        assertNotNull(created.getMetadata().getCreationTimestamp());
        T read = op.withName(name).get();
        assertEquals(created.getMetadata().getUid(), read.getMetadata().getUid());
        assertTrue(op.list().getItems().stream().anyMatch(i -> i.getMetadata().getName().equals(name)), "list misses " + name);
        read.getMetadata().setLabels(Map.of("touched", "yes"));
        T updated = op.resource(read).update();
        assertEquals("yes", updated.getMetadata().getLabels().get("touched"));
        assertNotEquals(created.getMetadata().getResourceVersion(), updated.getMetadata().getResourceVersion());
        op.withName(name).delete();
        Eventually.until("deleted " + name, 30, () -> op.withName(name).get() == null);
    }

    @Test
    void crudOnEveryResource() throws Exception {
        String ns = namespace("crud");
        roundTrip(client.configMaps().inNamespace(ns), new ConfigMapBuilder().withNewMetadata().withName("cm").endMetadata()
                .addToData("k", "v").build());
        roundTrip(client.secrets().inNamespace(ns), new SecretBuilder().withNewMetadata().withName("s").endMetadata()
                .addToStringData("password", "x").build());
        roundTrip(client.serviceAccounts().inNamespace(ns), new ServiceAccountBuilder().withNewMetadata().withName("sa").endMetadata().build());
        roundTrip(client.pods().inNamespace(ns), unscheduledPod("p"));
        roundTrip(client.services().inNamespace(ns), new ServiceBuilder().withNewMetadata().withName("svc").endMetadata()
                .withNewSpec().addToSelector("app", "x").addNewPort().withPort(80).endPort().endSpec().build());
        roundTrip(client.endpoints().inNamespace(ns), new EndpointsBuilder().withNewMetadata().withName("ep").endMetadata()
                .addNewSubset().addNewAddress().withIp("10.244.0.5").endAddress().addNewPort().withPort(80).endPort()
                .endSubset().build());
        roundTrip(client.discovery().v1().endpointSlices().inNamespace(ns), new EndpointSliceBuilder().withNewMetadata().withName("es")
                .endMetadata().withAddressType("IPv4").addNewEndpoint().withAddresses("10.244.0.5").endEndpoint().build());
        roundTrip(client.v1().events().inNamespace(ns), new EventBuilder().withNewMetadata().withName("ev").endMetadata()
                .withNewInvolvedObject().withKind("Pod").withName("p").withNamespace(ns).endInvolvedObject()
                .withReason("Tested").withMessage("hello").withType("Normal").build());
        roundTrip(client.events().v1().events().inNamespace(ns), new io.fabric8.kubernetes.api.model.events.v1.EventBuilder()
                .withNewMetadata().withName("ev2").endMetadata().withReason("Tested").withNote("hi").withType("Normal")
                .withNewRegarding().withKind("Pod").withName("p").withNamespace(ns).endRegarding()
                .withAction("Test").withReportingController("e2e").withReportingInstance("e2e-1")
                .withEventTime(new io.fabric8.kubernetes.api.model.MicroTime("2026-11-25T10:00:00.000000Z")).build());
        roundTrip(client.apps().deployments().inNamespace(ns), deployment("d"));
        roundTrip(client.apps().replicaSets().inNamespace(ns), new ReplicaSetBuilder().withNewMetadata().withName("rs").endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "rs").endSelector().withNewTemplate()
                .withNewMetadata().addToLabels("app", "rs").endMetadata().withNewSpec().addNewContainer().withName("c")
                .withImage("busybox:1.36").endContainer().endSpec().endTemplate().endSpec().build());
        roundTrip(client.batch().v1().jobs().inNamespace(ns), new JobBuilder().withNewMetadata().withName("j").endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().withRestartPolicy("Never").addNewContainer().withName("c")
                .withImage("busybox:1.36").endContainer().endSpec().endTemplate().endSpec().build());
        roundTrip(client.leases().inNamespace(ns), new LeaseBuilder().withNewMetadata().withName("l").endMetadata().withNewSpec()
                .withHolderIdentity("me").withLeaseDurationSeconds(15).endSpec().build());
        roundTrip(client.nodes(), new NodeBuilder().withNewMetadata().withName("node-crud").endMetadata().build());
        roundTrip(client.namespaces(), new NamespaceBuilder().withNewMetadata().withName("ns-crud").endMetadata().build());
    }

    @Test
    void statusAndScaleSubresourcesKeepSpecAndStatusApart() {
        String ns = namespace("status");
        Deployment d = client.apps().deployments().inNamespace(ns).resource(deployment("web")).create();
        assertEquals(1L, d.getMetadata().getGeneration());
        d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder().withReplicas(2)
                .withReadyReplicas(1).build());
        d.getSpec().setReplicas(7); // ignored by the status subresource
        Deployment afterStatus = client.apps().deployments().inNamespace(ns).resource(d).updateStatus();
        assertEquals(2, afterStatus.getStatus().getReplicas());
        assertEquals(2, afterStatus.getSpec().getReplicas());
        assertEquals(1L, afterStatus.getMetadata().getGeneration(), "status writes do not bump generation");
        afterStatus.getSpec().setReplicas(4);
        afterStatus.getStatus().setReplicas(99); // ignored by the main resource
        Deployment afterSpec = client.apps().deployments().inNamespace(ns).resource(afterStatus).update();
        assertEquals(4, afterSpec.getSpec().getReplicas());
        assertEquals(2, afterSpec.getStatus().getReplicas());
        assertEquals(2L, afterSpec.getMetadata().getGeneration(), "spec changes bump generation");
        client.apps().deployments().inNamespace(ns).withName("web").scale(6);
        assertEquals(6, client.apps().deployments().inNamespace(ns).withName("web").get().getSpec().getReplicas());
    }

    @Test
    void staleUpdateIsAConflict() {
        String ns = namespace("conflict");
        ConfigMap cm = client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("c").endMetadata().addToData("v", "1").build()).create();
        ConfigMap first = client.configMaps().inNamespace(ns).withName("c").get();
        first.getData().put("v", "2");
        client.configMaps().inNamespace(ns).resource(first).update();
        cm.getData().put("v", "3");
        KubernetesClientException e = assertThrows(KubernetesClientException.class,
                () -> client.configMaps().inNamespace(ns).resource(cm).update());
        assertEquals(409, e.getCode());
        assertEquals("2", client.configMaps().inNamespace(ns).withName("c").get().getData().get("v"));
    }

    @Test
    void watchDeliversAddModifyDelete() throws Exception {
        String ns = namespace("watch");
        LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
        try (Watch w = client.configMaps().inNamespace(ns).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
                events.add(action + " " + resource.getMetadata().getName() + " " + resource.getData());
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            ConfigMap cm = client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("w").endMetadata().addToData("a", "1").build()).create();
            cm.getData().put("a", "2");
            client.configMaps().inNamespace(ns).resource(cm).update();
            client.configMaps().inNamespace(ns).withName("w").delete();
            assertEquals("ADDED w {a=1}", events.poll(10, TimeUnit.SECONDS));
            assertEquals("MODIFIED w {a=2}", events.poll(10, TimeUnit.SECONDS));
            assertEquals("DELETED w {a=2}", events.poll(10, TimeUnit.SECONDS));
        }
    }

    /**
     * A watch asked for over WebSocket (what fabric8 asks for first) answers 101 and sends each event as one text
     * message; the watch's end is a close frame. (The tests above watch through fabric8, which now stays on it.)
     */
    @Test
    void aWatchOverWebSocketSendsOneMessagePerEvent() throws Exception {
        String ns = namespace("wswatch");
        LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        java.util.concurrent.CompletableFuture<Integer> closed = new java.util.concurrent.CompletableFuture<>();
        java.net.http.WebSocket.Listener listener = new java.net.http.WebSocket.Listener() {
            private final StringBuilder message = new StringBuilder();

            @Override
            public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket socket, CharSequence data,
                                                                  boolean last) {
                message.append(data);
                if (last) {
                    messages.add(message.toString());
                    message.setLength(0);
                }
                socket.request(1);
                return null;
            }

            @Override
            public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket socket, int code, String reason) {
                closed.complete(code);
                return null;
            }

            @Override
            public void onError(java.net.http.WebSocket socket, Throwable error) {
                closed.completeExceptionally(error);
            }
        };
        cluster.adminHttpClient().newWebSocketBuilder().buildAsync(java.net.URI.create(cluster.url()
                        .replaceFirst("^http", "ws") + "/api/v1/namespaces/" + ns + "/configmaps?watch=true&timeoutSeconds=8"),
                listener).get(30, TimeUnit.SECONDS);
        create(ns, "ws1", "1");
        create(ns, "ws2", "2");
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String name : java.util.List.of("ws1", "ws2")) {
            String message = messages.poll(20, TimeUnit.SECONDS);
            assertNotNull(message, "no event of " + name);
            com.fasterxml.jackson.databind.JsonNode event = json.readTree(message);
            assertEquals("ADDED", event.path("type").asText(), message);
            assertEquals(name, event.path("object").path("metadata").path("name").asText(), message);
            assertEquals("ConfigMap", event.path("object").path("kind").asText(), message);
        }
        assertEquals(1000, closed.get(30, TimeUnit.SECONDS), "the watch's timeout ends it with a normal close");
        client.namespaces().withName(ns).delete();
    }

    /**
     * Metadata only, as client-go's metadata client (and controller-runtime's metadata-only watches) ask for it: a list
     * is a PartialObjectMetadataList, a get and each watch event's object a PartialObjectMetadata, without the data.
     */
    @Test
    void metadataOnlyGetListAndWatchAnswerPartialObjectMetadata() throws Exception {
        String ns = namespace("partial");
        create(ns, "m1", "1");
        java.net.http.HttpClient http = cluster.adminHttpClient();
        String base = cluster.url() + "/api/v1/namespaces/" + ns + "/configmaps";
        String listAccept = "application/vnd.kubernetes.protobuf;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,"
                + "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json";
        String accept = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1";
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();

        com.fasterxml.jackson.databind.JsonNode list = json.readTree(get(http, base, listAccept));
        assertEquals("PartialObjectMetadataList", list.path("kind").asText(), list.toString());
        assertEquals("meta.k8s.io/v1", list.path("apiVersion").asText());
        assertEquals(1, list.path("items").size(), list.toString());
        assertEquals("PartialObjectMetadata", list.path("items").path(0).path("kind").asText());
        assertEquals("m1", list.path("items").path(0).path("metadata").path("name").asText());
        assertTrue(list.path("items").path(0).path("data").isMissingNode(), list.toString());

        com.fasterxml.jackson.databind.JsonNode one = json.readTree(get(http, base + "/m1", accept));
        assertEquals("PartialObjectMetadata", one.path("kind").asText(), one.toString());
        assertEquals("m1", one.path("metadata").path("name").asText());
        assertTrue(one.path("data").isMissingNode(), one.toString());

        String version = list.path("metadata").path("resourceVersion").asText();
        java.util.concurrent.CompletableFuture<String> watch = http.sendAsync(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(base + "?watch=true&timeoutSeconds=6&resourceVersion=" + version))
                .header("Accept", accept).build(), java.net.http.HttpResponse.BodyHandlers.ofString())
                .thenApply(java.net.http.HttpResponse::body);
        create(ns, "m2", "2");
        String[] lines = watch.get(60, TimeUnit.SECONDS).split("\n");
        com.fasterxml.jackson.databind.JsonNode event = json.readTree(lines[0]);
        assertEquals("ADDED", event.path("type").asText(), lines[0]);
        assertEquals("PartialObjectMetadata", event.path("object").path("kind").asText(), lines[0]);
        assertEquals("m2", event.path("object").path("metadata").path("name").asText(), lines[0]);
        assertTrue(event.path("object").path("data").isMissingNode(), lines[0]);
        client.namespaces().withName(ns).delete();
    }

    /**
     * A watch that none of the recent events concern (a kubelet's watch of its node's pods, here a watch of one
     * ConfigMap's name) still learns how far the resource has come: the bookmark it gets before its timeout carries
     * the newest revision, so that it resumes from there, not from the revision it started at.
     */
    @Test
    void aWatchNoEventConcernedEndsWithABookmarkAtTheNewestRevision() throws Exception {
        String ns = namespace("bookmark");
        java.net.http.HttpClient http = cluster.adminHttpClient();
        String base = cluster.url() + "/api/v1/namespaces/" + ns + "/configmaps";
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        String start = json.readTree(get(http, base, "application/json")).path("metadata").path("resourceVersion")
                .asText();
        java.util.concurrent.CompletableFuture<String> watch = http.sendAsync(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(base + "?watch=true&allowWatchBookmarks=true&timeoutSeconds=5"
                                + "&fieldSelector=metadata.name%3Dnobody&resourceVersion=" + start)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).thenApply(java.net.http.HttpResponse::body);
        long newest = 0;
        for (int i = 0; i < 3; i++) {
            newest = Long.parseLong(create(ns, "b" + i, "x").getMetadata().getResourceVersion());
        }
        String[] lines = watch.get(60, TimeUnit.SECONDS).split("\n");
        com.fasterxml.jackson.databind.JsonNode last = json.readTree(lines[lines.length - 1]);
        assertEquals("BOOKMARK", last.path("type").asText(), String.join("\n", lines));
        long bookmarked = Long.parseLong(last.path("object").path("metadata").path("resourceVersion").asText());
        assertTrue(bookmarked >= newest, "the bookmark carries " + bookmarked + ", the watch began at " + start
                + ", the newest ConfigMap is at " + newest);
        for (String line : lines) {
            assertEquals("BOOKMARK", json.readTree(line).path("type").asText(), "no event was for this watch: " + line);
        }
        client.namespaces().withName(ns).delete();
    }

    private static String get(java.net.http.HttpClient http, String url, String accept) throws Exception {
        java.net.http.HttpResponse<String> response = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(url)).header("Accept", accept).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    @Test
    void informerSeesEveryChangeAcrossAServerRestart() throws Exception {
        String ns = namespace("informer");
        Map<String, String> cache = new ConcurrentHashMap<>();
        SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace(ns).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap obj) {
                cache.put(obj.getMetadata().getName(), obj.getData().get("v"));
            }

            @Override
            public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
                cache.put(newObj.getMetadata().getName(), newObj.getData().get("v"));
            }

            @Override
            public void onDelete(ConfigMap obj, boolean unknownFinalState) {
                cache.remove(obj.getMetadata().getName());
            }
        }, 0);
        try {
            create(ns, "before", "1");
            create(ns, "doomed", "1");
            Eventually.until("informer saw the first objects", 30,
                    () -> "1".equals(cache.get("before")) && cache.containsKey("doomed"));
            cluster.restart();
            create(ns, "after", "2");
            ConfigMap before = client.configMaps().inNamespace(ns).withName("before").get();
            before.getData().put("v", "changed");
            client.configMaps().inNamespace(ns).resource(before).update();
            client.configMaps().inNamespace(ns).withName("doomed").delete();
            Eventually.until("informer saw every change after the restart: " + cache, 30,
                    () -> "2".equals(cache.get("after")) && "changed".equals(cache.get("before"))
                    && !cache.containsKey("doomed"));
            assertNull(cache.get("doomed"));
        } finally {
            informer.close();
        }
    }

    /**
     * A list without a limit is written while the store is read, a chunk of keys at a time: more objects than one chunk
     * come back whole, in order, and every chunk is read at the list's revision, so what changes meanwhile (or after an
     * older revision asked for) is not in it.
     */
    @Test
    void listLongerThanOneStoreChunkIsOneConsistentRevision() throws Exception {
        String ns = namespace("long-list");
        int count = 2_100; // the server reads 1,000 keys per store call
        java.util.concurrent.ExecutorService creators = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            for (var created : creators.invokeAll(java.util.stream.IntStream.range(0, count)
                    .mapToObj(i -> (java.util.concurrent.Callable<Object>) () -> {
                        create(ns, String.format("cm-%05d", i), Integer.toString(i));
                        return null;
                    }).toList())) {
                created.get(); // a refused create fails the test here
            }
        } finally {
            creators.shutdown();
        }
        ConfigMapList before = client.configMaps().inNamespace(ns).list();
        assertEquals(count, before.getItems().size());
        for (int i = 0; i < count; i++) {
            assertEquals(String.format("cm-%05d", i), before.getItems().get(i).getMetadata().getName());
        }
        String revision = before.getMetadata().getResourceVersion();
        client.configMaps().inNamespace(ns).withName("cm-00000").delete();
        client.configMaps().inNamespace(ns).withName(String.format("cm-%05d", count - 1)).delete();
        create(ns, "later", "after the list");

        ConfigMapList atRevision = client.configMaps().inNamespace(ns).list(new ListOptionsBuilder()
                .withResourceVersion(revision).withResourceVersionMatch("Exact").build());
        assertEquals(revision, atRevision.getMetadata().getResourceVersion());
        assertEquals(before.getItems().stream().map(c -> c.getMetadata().getName()).toList(),
                atRevision.getItems().stream().map(c -> c.getMetadata().getName()).toList());
        ConfigMapList now = client.configMaps().inNamespace(ns).list();
        assertEquals(count - 1, now.getItems().size());
        assertEquals("cm-00001", now.getItems().get(0).getMetadata().getName());
        assertEquals("later", now.getItems().get(count - 2).getMetadata().getName());
        client.namespaces().withName(ns).delete();
    }

    private ConfigMap create(String ns, String name, String value) {
        return client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
                .addToData("v", value).build()).create();
    }

    /** A pod no scheduler of the cluster serves, so nothing writes to it (an Unschedulable condition) mid round trip. */
    private static Pod unscheduledPod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withSchedulerName("e2e-nobody").addNewContainer()
                .withName("c").withImage("busybox:1.36").endContainer().endSpec().build();
    }

    private static Deployment deployment(String name) {
        return new DeploymentBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withReplicas(2)
                .withNewSelector().addToMatchLabels("app", name).endSelector().withNewTemplate().withNewMetadata()
                .addToLabels("app", name).endMetadata().withNewSpec().addNewContainer().withName("c")
                .withImage("busybox:1.36").endContainer().endSpec().endTemplate().endSpec().build();
    }
}
