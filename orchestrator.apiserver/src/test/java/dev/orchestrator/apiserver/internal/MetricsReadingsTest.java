package dev.orchestrator.apiserver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.metrics.Summaries;
import dev.orchestrator.apiserver.internal.metrics.SummaryCache;
import dev.orchestrator.apiserver.internal.metrics.SummaryServer;
import dev.orchestrator.store.embedded.internal.EmbeddedStore;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which NodeMetrics and PodMetrics a get or list answers with: Node and Pod objects in a real embedded store,
 * their kubelets' Summary API served by loopback HTTP servers.
 */
class MetricsReadingsTest {

    private final ResourceRegistry registry = new ResourceRegistry();
    private Path dir;
    private EmbeddedStore store;
    private ObjectStorage storage;
    private SummaryServer kubeletA;
    private SummaryServer kubeletB;
    private SummaryServer kubeletFresh;
    private SummaryCache cache;
    private MetricsReadings readings;

    @BeforeEach
    void open() throws Exception {
        dir = Files.createTempDirectory("orch-metrics");
        store = new EmbeddedStore(EmbeddedStore.Settings.defaults(dir));
        storage = new ObjectStorage(store);
        kubeletA = new SummaryServer().answer(Summaries.of("real").node(250_000_000L, 512L << 20)
                .pod("default", "web", "u-web", "main", 400_000_000L, 8L << 20, Summaries.T0,
                        "side", 1_000_000L, 1L << 20, Summaries.T1)
                .pod("default", "pending", "u-pending", "main", 1L, 1L, Summaries.T0)
                .pod("default", "again", "u-old", "main", 1L, 1L, Summaries.T0)
                .pod("default", "new", "u-new", "main", -1L, 1L, Summaries.T0).json());
        kubeletB = new SummaryServer().answer(Summaries.of("real2").node(1_000_000_000L, 1L << 30)
                .pod("other", "db", "u-db", "main", 2_000_000L, 3L << 20, Summaries.T0).json());
        kubeletFresh = new SummaryServer().answer(Summaries.of("fresh").node(-1, 1024).json());
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        node("real", kubeletA.port(), "a");
        node("real2", kubeletB.port(), "b");
        node("fresh", kubeletFresh.port(), "a");
        node("hollow", 0, "a");
        node("down", closedPort, "a");
        pod("default", "web", "u-web", "real", "Running", "web");
        pod("default", "pending", "u-pending", "real", "Pending", "web");
        pod("default", "again", "u-again", "real", "Running", "web");
        pod("default", "new", "u-new", "real", "Running", "web");
        pod("default", "on-hollow", "u-h", "hollow", "Running", "web");
        pod("other", "db", "u-db", "real2", "Running", "db");
        cache = new SummaryCache(Duration.ofSeconds(5), Duration.ofSeconds(2), 4, Clock.systemUTC(),
                dev.orchestrator.apiserver.internal.kubeletclient.KubeletTransport.plain());
        readings = new MetricsReadings(storage, registry, cache, Duration.ofSeconds(10), Clock.systemUTC());
    }

    @AfterEach
    void close() throws Exception {
        cache.close();
        kubeletA.close();
        kubeletB.close();
        kubeletFresh.close();
        store.close();
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private void node(String name, int port, String zone) {
        storage.create(registry.find("", "v1", "nodes").orElseThrow(), null, name, json(("{'kind':'Node','apiVersion':'v1',"
                + "'metadata':{'name':'%s','labels':{'zone':'%s'}},'status':{'addresses':[{'type':'Hostname',"
                + "'address':'%s'},{'type':'InternalIP','address':'127.0.0.1'}],"
                + "'daemonEndpoints':{'kubeletEndpoint':{'Port':%d}}}}").formatted(name, zone, name, port)));
    }

    private void pod(String namespace, String name, String uid, String node, String phase, String app) {
        storage.create(registry.find("", "v1", "pods").orElseThrow(), namespace, name, json(("{'kind':'Pod',"
                + "'apiVersion':'v1','metadata':{'name':'%s','namespace':'%s','uid':'%s','labels':{'app':'%s'}},"
                + "'spec':{'nodeName':'%s','containers':[{'name':'main','image':'x'}]},'status':{'phase':'%s'}}")
                .formatted(name, namespace, uid, app, node, phase)));
    }

    private static ObjectNode json(String text) {
        return Json.parseObject(text.replace('\'', '"').getBytes(StandardCharsets.UTF_8), false);
    }

    private static ListOptions query(String... pairs) {
        Map<String, String> q = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            q.put(pairs[i], pairs[i + 1]);
        }
        return ListOptions.parse(q::get, MetricsTypes.PODS);
    }

    private static List<String> names(List<ObjectNode> items) {
        return items.stream().map(o -> ObjectMeta.namespace(o) == null ? ObjectMeta.name(o)
                : ObjectMeta.namespace(o) + "/" + ObjectMeta.name(o)).toList();
    }

    @Test
    void nodesWithoutAnEndpointAnAnsweringKubeletOrACpuRateAreLeftOut() {
        List<ObjectNode> all = readings.list(MetricsTypes.NODES, null, query());
        assertEquals(List.of("real", "real2"), names(all));
        ObjectNode real = all.get(0);
        assertEquals("250m", real.at("/usage/cpu").asText());
        assertEquals("512Mi", real.at("/usage/memory").asText());
        assertEquals("a", real.at("/metadata/labels/zone").asText());
        assertEquals("10s", real.path("window").asText());
    }

    @Test
    void nodeListsFollowLabelAndNameSelectors() {
        assertEquals(List.of("real"), names(readings.list(MetricsTypes.NODES, null, query("labelSelector", "zone=a"))));
        assertEquals(List.of("real2"), names(readings.list(MetricsTypes.NODES, null, query("labelSelector", "zone!=a"))));
        assertEquals(List.of("real2"), names(readings.list(MetricsTypes.NODES, null,
                query("fieldSelector", "metadata.name=real2"))));
        assertTrue(readings.list(MetricsTypes.NODES, null, query("labelSelector", "zone=c")).isEmpty());
    }

    @Test
    void aNodeWithoutUsageIsNotFoundAsMetricsServerWordsIt() {
        assertEquals("real", ObjectMeta.name(readings.get(MetricsTypes.NODES, null, "real")));
        for (String name : List.of("hollow", "down", "fresh", "no-such-node")) {
            ApiException e = assertThrows(ApiException.class, () -> readings.get(MetricsTypes.NODES, null, name));
            assertEquals(404, e.code);
            assertEquals("NotFound", e.reason);
            assertEquals("nodemetrics.metrics.k8s.io \"" + name + "\" not found", e.getMessage());
        }
    }

    @Test
    void podsAreRunningSampledAndTheSamePodAsStored() {
        List<ObjectNode> inDefault = readings.list(MetricsTypes.PODS, "default", query());
        assertEquals(List.of("default/web"), names(inDefault), "not pending, not a namesake, not unsampled, "
                + "not on a node without a kubelet endpoint");
        JsonNode web = inDefault.get(0);
        assertEquals("main", web.at("/containers/0/name").asText());
        assertEquals("400m", web.at("/containers/0/usage/cpu").asText());
        assertEquals("8Mi", web.at("/containers/0/usage/memory").asText());
        assertEquals("side", web.at("/containers/1/name").asText());
        assertEquals("web", web.at("/metadata/labels/app").asText());
        assertEquals(List.of("default/web", "other/db"), names(readings.list(MetricsTypes.PODS, null, query())));
    }

    @Test
    void podListsFollowSelectorsInOneOrAllNamespaces() {
        assertEquals(List.of("other/db"), names(readings.list(MetricsTypes.PODS, null, query("labelSelector", "app=db"))));
        assertEquals(List.of("default/web"), names(readings.list(MetricsTypes.PODS, null,
                query("fieldSelector", "metadata.name=web"))));
        assertTrue(readings.list(MetricsTypes.PODS, "default", query("labelSelector", "app=db")).isEmpty());
        assertTrue(readings.list(MetricsTypes.PODS, "empty", query()).isEmpty());
    }

    @Test
    void aPodWithoutUsageIsNotFoundByNamespaceAndName() {
        assertEquals("web", ObjectMeta.name(readings.get(MetricsTypes.PODS, "default", "web")));
        for (String name : List.of("pending", "again", "new", "on-hollow", "missing")) {
            ApiException e = assertThrows(ApiException.class, () -> readings.get(MetricsTypes.PODS, "default", name));
            assertEquals(404, e.code);
            assertEquals("podmetrics.metrics.k8s.io \"default/" + name + "\" not found", e.getMessage());
        }
        assertThrows(ApiException.class, () -> readings.get(MetricsTypes.PODS, "default", "db"));
    }

    @Test
    void theTableIsNameCpuMemoryWindowWithAPodSummedOverItsContainers() {
        ObjectNode table = Tables.table(MetricsTypes.PODS, readings.list(MetricsTypes.PODS, "default", query()),
                null, null, true, Tables.Include.METADATA);
        List<String> headers = new java.util.ArrayList<>();
        table.path("columnDefinitions").forEach(c -> headers.add(c.path("name").asText()));
        assertEquals(List.of("Name", "cpu", "memory", "Window"), headers);
        assertEquals("[\"web\",\"401m\",\"9Mi\",\"10s\"]", table.at("/rows/0/cells").toString());
    }

    @Test
    void discoveryAdvertisesTheGroupReadOnlyWhileTheStoreKnowsNothingOfIt() {
        Discovery discovery = new Discovery(registry);
        ObjectNode list = discovery.resourceList("metrics.k8s.io/v1beta1");
        assertEquals(2, list.path("resources").size());
        for (JsonNode r : list.path("resources")) {
            assertEquals("[\"get\",\"list\"]", r.path("verbs").toString());
        }
        assertEquals("NodeMetrics", list.at("/resources/0/kind").asText());
        assertFalse(list.at("/resources/0/namespaced").asBoolean());
        assertTrue(list.at("/resources/1/namespaced").asBoolean());
        assertTrue(discovery.apiGroupList().toString().contains("\"groupVersion\":\"metrics.k8s.io/v1beta1\""));
        String aggregated = discovery.aggregated(false).toString();
        assertTrue(aggregated.contains("\"kind\":\"PodMetrics\""), aggregated);
        assertFalse(registry.groupVersions().contains("metrics.k8s.io/v1beta1"), "no OpenAPI, schemas or store use");
        assertTrue(registry.all().stream().noneMatch(registry::isComputed));
    }
}
