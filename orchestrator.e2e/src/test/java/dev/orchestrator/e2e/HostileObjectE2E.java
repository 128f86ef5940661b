package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.testing.Eventually;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
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
 * Hostile objects (values their types cannot hold, bodies nested far too deep, names that are
 * not names) sent by every path that writes: create, update, JSON patch, merge patch, strategic
 * merge patch, the status subresource (PUT and PATCH) and pod binding. Each is refused with a 4xx
 * {@code Status} naming the field and nothing of it is stored; afterwards the cluster works as
 * before: the scheduler binds a new pod to the hollow node, informers and watches see new objects,
 * every list answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HostileObjectE2E {

    private static final String NODE = "hollow-hostile";
    private static final String NS = "hostile";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PLACEHOLDER = "@@hostile@@";
    private static final String JSON_PATCH = "application/json-patch+json";
    private static final String MERGE_PATCH = "application/merge-patch+json";
    private static final String STRATEGIC_PATCH = "application/strategic-merge-patch+json";

    /**
     * Where a hostile value goes in an object (a JSON pointer), its JSON text, and what its refusal
     * must name. A value its type cannot hold is refused in any body, the status subresource's too;
     * a value of the right type that validation refuses only where the field is written
     * ({@code viaStatus} false: the status subresource ignores the spec).
     */
    private record Hostile(String pointer, String json, String named, boolean viaStatus) {
        Hostile(String pointer, String json, String named) {
            this(pointer, json, named, true);
        }
    }

    /** An object that hostile values are written to by every path, and the kind's valid new object. */
    private record Target(String collection, String name, boolean hasStatus, String fresh, List<Hostile> hostiles) {
        String object() {
            return collection + "/" + name;
        }
    }

    private record Attempt(String what, String method, String path, String contentType, String body, String named) {
    }

    private AllInOne cluster;
    private KubernetesClient client;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private String podVersion;
    private String configMapVersion;

    @BeforeAll
    void start() throws Exception {
        cluster = AllInOne.startWith(HollowNode.config(NODE, 202));
        client = cluster.fabric8Client();
        Eventually.until("node " + NODE + " Ready", 60, () -> send("GET", "/api/v1/nodes/" + NODE, null, null).body(),
                HostileObjectE2E::readyCondition);
        created("POST", "/api/v1/namespaces", "{\"metadata\":{\"name\":\"" + NS + "\"}}");
        // schedulerName nobody: no scheduler binds it, so the binding attempts find it unbound
        podVersion = created("POST", pods(), pod("target", "nobody")).path("metadata").path("resourceVersion").asText();
        configMapVersion = created("POST", configMaps(), "{\"metadata\":{\"name\":\"target\"},\"data\":{\"k\":\"v\"}}")
                .path("metadata").path("resourceVersion").asText();
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

    private static boolean readyCondition(String node) {
        for (JsonNode c : parseOrEmpty(node).path("status").path("conditions")) {
            if ("Ready".equals(c.path("type").asText())) {
                return "True".equals(c.path("status").asText());
            }
        }
        return false;
    }

    private static String pods() {
        return "/api/v1/namespaces/" + NS + "/pods";
    }

    private static String configMaps() {
        return "/api/v1/namespaces/" + NS + "/configmaps";
    }

    private static String pod(String name, String schedulerName) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"schedulerName\":\""
                + schedulerName + "\",\"containers\":[{\"name\":\"main\",\"image\":\"busybox:1\",\"command\":[\"sleep\",\"3600\"]}]}}";
    }

    private static String deep(int levels) {
        return "{\"a\":".repeat(levels) + "1" + "}".repeat(levels);
    }

    private List<Target> targets() {
        List<Hostile> meta = List.of(
                new Hostile("/metadata/finalizers", "[1,{}]", "metadata.finalizers"),
                new Hostile("/metadata/labels", "\"app=web\"", "metadata.labels"),
                new Hostile("/metadata/name", "5", "metadata.name"));
        List<Hostile> podHostiles = new ArrayList<>(meta);
        podHostiles.add(new Hostile("/spec/terminationGracePeriodSeconds", "9223372036854775808",
                "spec.terminationGracePeriodSeconds"));
        podHostiles.add(new Hostile("/status/conditions", "\"x\"", "status.conditions"));
        podHostiles.add(new Hostile("/spec/nodeName", "\"../x\"", "spec.nodeName", false));
        List<Hostile> nodeHostiles = new ArrayList<>(meta);
        nodeHostiles.add(new Hostile("/status", "5", "Node.status"));
        List<Hostile> configMapHostiles = new ArrayList<>(meta);
        configMapHostiles.add(new Hostile("/data/deep", deep(1000), "nested deeper than 100"));
        return List.of(
                new Target(pods(), "target", true, pod("hostile-new", "nobody"), podHostiles),
                new Target("/api/v1/nodes", NODE, true, "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":"
                        + "{\"name\":\"hostile-new\"}}", nodeHostiles),
                new Target(configMaps(), "target", false, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":"
                        + "{\"name\":\"hostile-new\"},\"data\":{\"k\":\"v\"}}", configMapHostiles));
    }

    /** Every way to write {@code h} into {@code t}: create, update, three patch types, and the status subresource. */
    private List<Attempt> attempts(Target t, Hostile h) throws Exception {
        List<Attempt> attempts = new ArrayList<>();
        attempts.add(new Attempt("create", "POST", t.collection(), "application/json", with(t.fresh(), h), h.named()));
        ObjectNode current = (ObjectNode) JSON.readTree(send("GET", t.object(), null, null).body());
        ((ObjectNode) current.path("metadata")).remove("resourceVersion"); // no 409 from the kubelet's heartbeats
        List<String> paths = new ArrayList<>(List.of(t.object()));
        if (t.hasStatus() && h.viaStatus()) {
            paths.add(t.object() + "/status");
        }
        for (String path : paths) {
            String sub = path.endsWith("/status") ? "status " : "";
            attempts.add(new Attempt(sub + "update", "PUT", path, "application/json", with(current.toString(), h), h.named()));
            attempts.add(new Attempt(sub + "JSON patch", "PATCH", path, JSON_PATCH, jsonPatch(current, h), h.named()));
            attempts.add(new Attempt(sub + "merge patch", "PATCH", path, MERGE_PATCH, with("{}", h), h.named()));
            attempts.add(new Attempt(sub + "strategic merge patch", "PATCH", path, STRATEGIC_PATCH, with("{}", h),
                    h.named()));
        }
        return attempts;
    }

    /** {@code json} with the hostile value at its pointer (objects on the way made as needed). */
    private static String with(String json, Hostile h) throws Exception {
        ObjectNode object = (ObjectNode) JSON.readTree(json);
        String[] segments = h.pointer().substring(1).split("/");
        ObjectNode parent = object;
        for (int i = 0; i < segments.length - 1; i++) {
            parent = parent.path(segments[i]) instanceof ObjectNode o ? o : parent.putObject(segments[i]);
        }
        parent.put(segments[segments.length - 1], PLACEHOLDER);
        return object.toString().replace("\"" + PLACEHOLDER + "\"", h.json());
    }

    /** An add of the hostile value at the first level of its pointer missing from {@code current}. */
    private static String jsonPatch(JsonNode current, Hostile h) throws Exception {
        String[] segments = h.pointer().substring(1).split("/");
        int present = 0;
        JsonNode node = current;
        while (present < segments.length - 1 && node.path(segments[present]).isObject()) {
            node = node.path(segments[present]);
            present++;
        }
        String path = "/" + String.join("/", java.util.Arrays.copyOf(segments, present + 1));
        String value = h.json();
        for (int i = segments.length - 1; i > present; i--) {
            value = "{\"" + segments[i] + "\":" + value + "}";
        }
        return "[{\"op\":\"add\",\"path\":\"" + path + "\",\"value\":" + value + "}]";
    }

    private List<Attempt> bindings() {
        String binding = pods() + "/target/binding";
        String meta = "\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"target\"}";
        return List.of(
                new Attempt("binding to \"../x\"", "POST", binding, "application/json",
                        "{" + meta + ",\"target\":{\"kind\":\"Node\",\"name\":\"../x\"}}", "target.name"),
                new Attempt("binding to a number", "POST", binding, "application/json",
                        "{" + meta + ",\"target\":5}", "target"),
                new Attempt("binding to a node named by a number", "POST", binding, "application/json",
                        "{" + meta + ",\"target\":{\"kind\":\"Node\",\"name\":5}}", "target.name"),
                new Attempt("binding to a Service", "POST", binding, "application/json",
                        "{" + meta + ",\"target\":{\"kind\":\"Service\",\"name\":\"" + NODE + "\"}}", "target.kind"),
                new Attempt("binding 1,000 levels deep", "POST", binding, "application/json",
                        "{" + meta + ",\"target\":{\"kind\":\"Node\",\"name\":\"" + NODE + "\"},\"x\":" + deep(1000) + "}",
                        "nested deeper than 100"));
    }

    @Test
    @Order(1)
    void everyHostileObjectIsRefusedByEveryPathWithA4xxStatusNamingTheField() throws Exception {
        List<Attempt> attempts = new ArrayList<>();
        for (Target t : targets()) {
            for (Hostile h : t.hostiles()) {
                attempts.addAll(attempts(t, h));
            }
        }
        attempts.addAll(bindings());
        List<String> failures = new ArrayList<>();
        for (Attempt a : attempts) {
            HttpResponse<String> r = send(a.method(), a.path(), a.contentType(), a.body());
            JsonNode status = parseOrEmpty(r.body());
            if (r.statusCode() < 400 || r.statusCode() >= 500 || !"Status".equals(status.path("kind").asText())
                    || status.path("code").asInt() != r.statusCode() || !status.path("message").asText().contains(a.named())) {
                failures.add(a.what() + " " + a.method() + " " + a.path() + " (" + a.named() + "): " + r.statusCode() + " "
                        + abbreviated(r.body()));
            }
        }
        assertEquals(List.of(), failures, failures.size() + " of " + attempts.size() + " hostile writes were not refused");

        JsonNode pod = JSON.readTree(send("GET", pods() + "/target", null, null).body());
        assertEquals(podVersion, pod.path("metadata").path("resourceVersion").asText(), "the target pod changed: " + pod);
        assertEquals("", pod.path("spec").path("nodeName").asText(), "a hostile binding bound the pod");
        assertEquals(configMapVersion, JSON.readTree(send("GET", configMaps() + "/target", null, null).body())
                .path("metadata").path("resourceVersion").asText(), "the target ConfigMap changed");
        for (String path : List.of(pods() + "/hostile-new", "/api/v1/nodes/hostile-new", configMaps() + "/hostile-new")) {
            assertEquals(404, send("GET", path, null, null).statusCode(), path + " was created");
        }
    }

    /**
     * A JSON patch body is shallow but its path can be long: patches that each add 90 levels below
     * the last could build an object of any depth from bodies that pass the 100-level limit, once
     * in a field the schema does not know (a ConfigMap's "x") and once in a free-form one (a
     * Lease's renewTime). No stored object may get deeper than a request body may be: fabric8
     * cannot read a list holding an object deeper than 500 levels, so one such object would stop
     * every informer on its kind.
     */
    @Test
    @Order(2)
    void jsonPatchesCannotBuildAnObjectDeeperThanABodyMayBe() throws Exception {
        created("POST", configMaps(), "{\"metadata\":{\"name\":\"deepening\"}}");
        String leases = "/apis/coordination.k8s.io/v1/namespaces/" + NS + "/leases";
        created("POST", leases, "{\"metadata\":{\"name\":\"deepening\"},\"spec\":{\"holderIdentity\":\"e2e\"}}");
        List<String> failures = new ArrayList<>();
        for (String[] target : List.of(new String[] {configMaps() + "/deepening", "/x"},
                new String[] {leases + "/deepening", "/spec/renewTime"})) {
            String path = target[1];
            List<Integer> answers = new ArrayList<>();
            for (int step = 0; step < 12; step++) {
                HttpResponse<String> r = send("PATCH", target[0], JSON_PATCH,
                        "[{\"op\":\"add\",\"path\":\"" + path + "\",\"value\":" + deep(90) + "}]");
                answers.add(r.statusCode());
                if (r.statusCode() >= 500) {
                    failures.add(target[0] + " step " + step + ": " + r.statusCode() + " " + abbreviated(r.body()));
                }
                if (r.statusCode() >= 400) {
                    break;
                }
                path += "/a".repeat(90);
            }
            int depth = depth(send("GET", target[0], null, null).body());
            if (depth > 100) {
                failures.add(target[0] + " is stored " + depth + " levels deep (patches answered " + answers + ")");
            }
        }
        assertEquals(List.of(), failures);
    }

    private static String abbreviated(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }

    @Test
    @Order(3)
    void afterwardsTheSchedulerInformersWatchesAndListsWork() throws Exception {
        created("POST", pods(), pod("after-1", "default-scheduler"));
        Eventually.until("after-1 bound to " + NODE, 60, () -> JSON.readTree(send("GET", pods() + "/after-1", null, null)
                .body()).path("spec").path("nodeName").asText(), NODE::equals);

        SharedIndexInformer<ConfigMap> configMapInformer = client.configMaps().inAnyNamespace().inform();
        SharedIndexInformer<Pod> podInformer = client.pods().inAnyNamespace().inform();
        try {
            Eventually.until("informers synced", 60, () -> configMapInformer.hasSynced() && podInformer.hasSynced(),
                    Boolean::booleanValue);
            for (int i = 0; i < 3; i++) {
                client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("later-" + i)
                        .endMetadata().addToData("k", "v").build()).create();
                client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("later-" + i)
                        .endMetadata().withNewSpec().addNewContainer().withName("main").withImage("busybox:1")
                        .withCommand("sleep", "3600").endContainer().endSpec().build()).create();
            }
            Eventually.until("the informers saw the new ConfigMaps and Pods", 30, () -> configMapInformer.getStore()
                    .listKeys() + " " + podInformer.getStore().listKeys(), keys -> List.of(0, 1, 2).stream().allMatch(
                            i -> configMapInformer.getStore().getByKey(NS + "/later-" + i) != null
                                    && podInformer.getStore().getByKey(NS + "/later-" + i) != null));
        } finally {
            configMapInformer.close();
            podInformer.close();
        }

        Map<String, String> expected = Map.of("/api/v1/pods", "later-2", "/api/v1/nodes", NODE,
                "/api/v1/configmaps", "later-2");
        for (var e : expected.entrySet()) {
            HttpResponse<String> list = send("GET", e.getKey(), null, null);
            assertEquals(200, list.statusCode(), e.getKey() + ": " + list.body());
            assertTrue(JSON.readTree(list.body()).path("items").toString().contains("\"name\":\"" + e.getValue() + "\""),
                    e.getKey() + " misses " + e.getValue());
            HttpResponse<String> watch = send("GET", e.getKey() + "?watch=true&resourceVersion=0&timeoutSeconds=2", null, null);
            assertEquals(200, watch.statusCode(), e.getKey() + " watch: " + watch.body());
            boolean added = watch.body().lines().map(HostileObjectE2E::parseOrEmpty).anyMatch(event ->
                    "ADDED".equals(event.path("type").asText())
                            && e.getValue().equals(event.path("object").path("metadata").path("name").asText()));
            assertTrue(added, e.getKey() + " watch from 0 has no ADDED " + e.getValue() + ": "
                    + watch.body().substring(0, Math.min(500, watch.body().length())));
        }
    }

    private static int depth(String json) {
        int depth = 0;
        int max = 0;
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                max = Math.max(max, ++depth);
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return max;
    }

    private static JsonNode parseOrEmpty(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    private JsonNode created(String method, String path, String body) throws Exception {
        HttpResponse<String> r = send(method, path, "application/json", body);
        assertEquals(201, r.statusCode(), () -> method + " " + path + ": " + r.body());
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cluster.url() + path)).timeout(java.time.Duration.ofSeconds(30));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
