package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A corpus generated from one valid object of every built-in kind: every scalar given a value
 * of the wrong JSON type, every integer pushed past int64, every structure replaced by a
 * scalar; sent as creates and as each patch type (JSON, merge, strategic merge) of an existing
 * object; and invalid names, label and annotation keys and values, finalizers. Each must be answered 4xx with a {@code Status} naming the field, none 5xx; none may
 * change the store; afterwards every stored object still passes validation (a dry-run update
 * of itself is accepted) and every list and watch works.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class GeneratedBadInputE2E {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String NS = "corpus";
    private static final BigInteger TOO_BIG = BigInteger.TWO.pow(63);

    /** A kind, where its objects live, and one valid object of it. */
    private record Kind(String collection, String base) {
        String path(String name) {
            return collection + "/" + name;
        }
    }

    /** One malformed request and the field its answer must name. */
    private record Case(String method, String path, String contentType, String body, String field) {
    }

    private AllInOne cluster;
    private final HttpClient http = HttpClient.newHttpClient();

    private static List<Kind> kinds() {
        String core = "/api/v1/namespaces/" + NS;
        return List.of(
                new Kind("/api/v1/namespaces", "{\"metadata\":{\"name\":\"corpus-ns\",\"labels\":{\"team\":\"a\"}}}"),
                new Kind(core + "/pods", "{\"metadata\":{\"name\":\"p\",\"labels\":{\"app\":\"web\"},"
                        + "\"annotations\":{\"note\":\"x\"}},\"spec\":{\"terminationGracePeriodSeconds\":5,"
                        + "\"hostNetwork\":false,\"containers\":[{\"name\":\"c\",\"image\":\"busybox:1\",\"args\":[\"sleep\","
                        + "\"9\"],\"ports\":[{\"name\":\"http\",\"containerPort\":80,\"protocol\":\"TCP\"}],\"env\":[{\"name\":"
                        + "\"A\",\"value\":\"b\"}],\"resources\":{\"requests\":{\"cpu\":\"100m\"},\"limits\":{\"memory\":"
                        + "\"64Mi\"}},\"readinessProbe\":{\"periodSeconds\":5,\"tcpSocket\":{\"port\":80}}}]}}"),
                new Kind("/api/v1/nodes", "{\"metadata\":{\"name\":\"corpus-node\",\"labels\":{\"zone\":\"a\"}},"
                        + "\"spec\":{\"unschedulable\":true,\"podCIDR\":\"10.250.0.0/24\",\"taints\":[{\"key\":\"k\","
                        + "\"value\":\"v\",\"effect\":\"NoSchedule\"}]}}"),
                new Kind(core + "/services", "{\"metadata\":{\"name\":\"svc\"},\"spec\":{\"selector\":{\"app\":\"web\"},"
                        + "\"ports\":[{\"name\":\"http\",\"port\":80,\"targetPort\":8080,\"protocol\":\"TCP\"}]}}"),
                new Kind(core + "/endpoints", "{\"metadata\":{\"name\":\"ep\"},\"subsets\":[{\"addresses\":[{\"ip\":"
                        + "\"10.244.0.5\"}],\"ports\":[{\"name\":\"http\",\"port\":8080,\"protocol\":\"TCP\"}]}]}"),
                new Kind(core + "/configmaps", "{\"metadata\":{\"name\":\"cm\",\"labels\":{\"app\":\"web\"}},"
                        + "\"data\":{\"key\":\"value\"},\"immutable\":false}"),
                new Kind(core + "/secrets", "{\"metadata\":{\"name\":\"sec\"},\"type\":\"Opaque\",\"data\":{\"key\":"
                        + "\"dmFsdWU=\"}}"),
                new Kind(core + "/serviceaccounts", "{\"metadata\":{\"name\":\"sa\"},\"automountServiceAccountToken\":true}"),
                new Kind(core + "/events", "{\"metadata\":{\"name\":\"ev\"},\"involvedObject\":{\"kind\":\"Pod\",\"namespace\":"
                        + "\"" + NS + "\",\"name\":\"p\"},\"reason\":\"Tested\",\"message\":\"m\",\"type\":\"Normal\","
                        + "\"count\":1,\"source\":{\"component\":\"corpus\"}}"),
                new Kind("/apis/apps/v1/namespaces/" + NS + "/deployments", "{\"metadata\":{\"name\":\"d\"},\"spec\":{"
                        + "\"replicas\":2,\"minReadySeconds\":1,\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"template\":"
                        + "{\"metadata\":{\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":"
                        + "\"busybox:1\"}]}}}}"),
                new Kind("/apis/apps/v1/namespaces/" + NS + "/replicasets", "{\"metadata\":{\"name\":\"rs\"},\"spec\":{"
                        + "\"replicas\":1,\"selector\":{\"matchLabels\":{\"app\":\"rs\"}},\"template\":{\"metadata\":"
                        + "{\"labels\":{\"app\":\"rs\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox:1\"}]}}}}"),
                new Kind("/apis/batch/v1/namespaces/" + NS + "/jobs", "{\"metadata\":{\"name\":\"j\"},\"spec\":{"
                        + "\"backoffLimit\":2,\"parallelism\":1,\"completions\":1,\"template\":{\"spec\":{\"restartPolicy\":"
                        + "\"Never\",\"containers\":[{\"name\":\"c\",\"image\":\"busybox:1\"}]}}}}"),
                new Kind("/apis/batch/v1/namespaces/" + NS + "/cronjobs", "{\"metadata\":{\"name\":\"cj\"},\"spec\":{"
                        + "\"schedule\":\"*/5 * * * *\",\"timeZone\":\"Europe/Paris\",\"concurrencyPolicy\":\"Forbid\","
                        + "\"successfulJobsHistoryLimit\":2,\"jobTemplate\":{\"spec\":{\"template\":{\"spec\":{\"restartPolicy\":"
                        + "\"OnFailure\",\"containers\":[{\"name\":\"c\",\"image\":\"busybox:1\"}]}}}}}}"),
                new Kind("/apis/policy/v1/namespaces/" + NS + "/poddisruptionbudgets", "{\"metadata\":{\"name\":\"pdb\"},"
                        + "\"spec\":{\"minAvailable\":\"50%\",\"selector\":{\"matchLabels\":{\"app\":\"web\"}},"
                        + "\"unhealthyPodEvictionPolicy\":\"AlwaysAllow\"}}"),
                new Kind("/apis/autoscaling/v2/namespaces/" + NS + "/horizontalpodautoscalers", "{\"metadata\":{\"name\":"
                        + "\"hpa\"},\"spec\":{\"scaleTargetRef\":{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"name\":"
                        + "\"d\"},\"minReplicas\":1,\"maxReplicas\":3,\"metrics\":[{\"type\":\"Resource\",\"resource\":"
                        + "{\"name\":\"cpu\",\"target\":{\"type\":\"Utilization\",\"averageUtilization\":50}}}]}}"),
                new Kind("/apis/coordination.k8s.io/v1/namespaces/" + NS + "/leases", "{\"metadata\":{\"name\":\"l\"},"
                        + "\"spec\":{\"holderIdentity\":\"me\",\"leaseDurationSeconds\":15,\"leaseTransitions\":0}}"),
                new Kind("/apis/discovery.k8s.io/v1/namespaces/" + NS + "/endpointslices", "{\"metadata\":{\"name\":"
                        + "\"es\",\"labels\":{\"app\":\"svc\"}},\"addressType\":\"IPv4\",\"endpoints\":"
                        + "[{\"addresses\":[\"10.244.0.5\"],\"conditions\":{\"ready\":true}}],\"ports\":[{\"name\":\"http\","
                        + "\"port\":8080,\"protocol\":\"TCP\"}]}"),
                new Kind("/apis/events.k8s.io/v1/namespaces/" + NS + "/events", "{\"metadata\":{\"name\":\"ev2\"},"
                        + "\"eventTime\":\"2026-12-02T10:00:00.000000Z\",\"reportingController\":\"corpus/test\","
                        + "\"reportingInstance\":\"corpus-1\",\"action\":\"Test\",\"reason\":\"Tested\",\"type\":\"Normal\","
                        + "\"regarding\":{\"kind\":\"Pod\",\"namespace\":\"" + NS + "\",\"name\":\"p\"},\"note\":\"n\"}"));
    }

    @BeforeAll
    void start() throws Exception {
        // A refused request must change nothing: no controller may change the corpus meanwhile.
        cluster = AllInOne.start(false, AllInOne.withoutControllers(Map.of()));
        expect2xx("POST", "/api/v1/namespaces", "application/json",
                "{\"metadata\":{\"name\":\"" + NS + "\"}}");
        for (Kind k : kinds()) {
            expect2xx("POST", k.collection(), "application/json", k.base());
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Every mutation of every kind's valid object, as a create and as each patch type. */
    private List<Case> corpus() throws Exception {
        List<Case> cases = new ArrayList<>();
        for (Kind k : kinds()) {
            ObjectNode base = (ObjectNode) JSON.readTree(k.base());
            String name = base.path("metadata").path("name").asText();
            String other = name + "-x";
            invalidMetadata(base, name, other, k, cases);
            mutations(base, (field, mutated) -> {
                ObjectNode create = mutated.deepCopy();
                if (!field.equals("metadata.name") && create.path("metadata") instanceof ObjectNode meta) {
                    meta.put("name", other); // a create of the valid object's name would be a 409, not the mutation
                }
                cases.add(new Case("POST", k.collection(), "application/json", create.toString(), field));
                String top = field.split("[.\\[]")[0];
                ObjectNode merge = NODES.objectNode();
                merge.set(top, mutated.get(top));
                String unindexed = field.replaceAll("(\\[\\d+\\])+$", "");
                String leaf = unindexed.substring(Math.max(unindexed.lastIndexOf('.'), unindexed.lastIndexOf(']')) + 1);
                cases.add(new Case("PATCH", k.path(name), "application/merge-patch+json", merge.toString(), leaf));
                cases.add(new Case("PATCH", k.path(name), "application/strategic-merge-patch+json", merge.toString(),
                        leaf));
                ArrayNode jsonPatch = NODES.arrayNode();
                jsonPatch.addObject().put("op", "replace").put("path", pointer(field)).set("value", mutated.at(pointer(field)));
                cases.add(new Case("PATCH", k.path(name), "application/json-patch+json", jsonPatch.toString(), field));
            });
        }
        return cases;
    }

    /** Names, label and annotation keys and values, finalizers that Kubernetes' validation refuses (422). */
    private static void invalidMetadata(ObjectNode base, String name, String other, Kind k, List<Case> cases) {
        ObjectNode badName = base.deepCopy();
        ((ObjectNode) badName.get("metadata")).put("name", "Bad_Name");
        cases.add(new Case("POST", k.collection(), "application/json", badName.toString(), "metadata.name"));
        for (String[] meta : new String[][] {{"labels", "bad key!", "v"}, {"labels", "ok", "-bad value-"},
                {"annotations", "-bad/key", "v"}}) {
            ObjectNode bad = base.deepCopy();
            ObjectNode metadata = (ObjectNode) bad.get("metadata");
            metadata.put("name", other);
            metadata.putObject(meta[0]).put(meta[1], meta[2]);
            cases.add(new Case("POST", k.collection(), "application/json", bad.toString(), "metadata." + meta[0]));
            ObjectNode merge = NODES.objectNode();
            merge.putObject("metadata").putObject(meta[0]).put(meta[1], meta[2]);
            cases.add(new Case("PATCH", k.path(name), "application/merge-patch+json", merge.toString(),
                    "metadata." + meta[0]));
        }
        ObjectNode finalizer = base.deepCopy();
        ((ObjectNode) finalizer.get("metadata")).put("name", other).putArray("finalizers").add("bad finalizer!");
        cases.add(new Case("POST", k.collection(), "application/json", finalizer.toString(), "metadata.finalizers"));
    }

    /** Fields that take a number or a string (IntOrString): 12345 is no mistake there. */
    private static final java.util.Set<String> INT_OR_STRING = java.util.Set.of("minAvailable", "maxUnavailable",
            "maxSurge", "targetPort");

    private static String lastSegment(String field) {
        return field.substring(field.lastIndexOf('.') + 1);
    }

    /** Calls {@code sink} with (field path, mutated copy) for each mutation of {@code base}. */
    private static void mutations(ObjectNode base, BiConsumer<String, ObjectNode> sink) {
        List<String> leaves = new ArrayList<>();
        List<String> structures = new ArrayList<>();
        collect(base, "", leaves, structures);
        for (String field : leaves) {
            JsonNode value = base.at(pointer(field));
            if (value.isTextual()) {
                // a number is a fine quantity, and a fine int-or-string
                if (!field.contains(".requests.") && !field.contains(".limits.") && !INT_OR_STRING.contains(lastSegment(field))) {
                    sink.accept(field, with(base, field, NODES.numberNode(12345)));
                }
                sink.accept(field, with(base, field, NODES.objectNode().put("nested", "x")));
            } else if (value.isIntegralNumber()) {
                sink.accept(field, with(base, field, NODES.numberNode(TOO_BIG)));
                sink.accept(field, with(base, field, NODES.booleanNode(true)));
            } else if (value.isBoolean()) {
                sink.accept(field, with(base, field, NODES.textNode("yes")));
            }
        }
        for (String field : structures) {
            sink.accept(field, with(base, field, NODES.textNode("x")));
        }
    }

    private static void collect(JsonNode node, String path, List<String> leaves, List<String> structures) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (path.isEmpty() && (e.getKey().equals("apiVersion") || e.getKey().equals("kind"))) {
                    return;
                }
                if (e.getValue().isContainerNode()) {
                    structures.add(p);
                    collect(e.getValue(), p, leaves, structures);
                } else {
                    leaves.add(p);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String p = path + "[" + i + "]";
                if (node.get(i).isContainerNode()) {
                    structures.add(p);
                    collect(node.get(i), p, leaves, structures);
                } else {
                    leaves.add(p);
                }
            }
        }
    }

    private static ObjectNode with(ObjectNode base, String field, JsonNode value) {
        ObjectNode copy = base.deepCopy();
        String pointer = pointer(field);
        int cut = pointer.lastIndexOf('/');
        JsonNode parent = copy.at(pointer.substring(0, cut));
        String last = pointer.substring(cut + 1);
        if (parent instanceof ObjectNode o) {
            o.set(last.replace("~1", "/").replace("~0", "~"), value);
        } else {
            ((ArrayNode) parent).set(Integer.parseInt(last), value);
        }
        return copy;
    }

    /** {@code spec.containers[0].name} as the JSON pointer {@code /spec/containers/0/name}. */
    private static String pointer(String field) {
        StringBuilder p = new StringBuilder();
        for (String part : field.split("\\.(?![^\\[]*\\])")) {
            int bracket = part.indexOf('[');
            String key = bracket < 0 ? part : part.substring(0, bracket);
            p.append('/').append(key.replace("~", "~0").replace("/", "~1"));
            if (bracket >= 0) {
                for (String index : part.substring(bracket + 1, part.length() - 1).split("\\]\\[")) {
                    p.append('/').append(index);
                }
            }
        }
        return p.toString();
    }

    @Test
    void everyMutationIsRefusedWithAStatusNamingItsFieldAndChangesNothing() throws Exception {
        List<Case> corpus = corpus();
        assertTrue(corpus.size() >= 300, "the corpus has only " + corpus.size() + " cases");
        String before = storeState();
        List<String> failures = new ArrayList<>();
        for (Case c : corpus) {
            HttpResponse<String> r = send(c.method(), c.path(), c.contentType(), c.body());
            String what = c.method() + " " + c.path() + " " + c.contentType() + " " + abbreviated(c.body()) + " -> "
                    + r.statusCode() + " " + abbreviated(r.body());
            JsonNode status;
            try {
                status = JSON.readTree(r.body());
            } catch (Exception e) {
                failures.add("not a JSON Status: " + what);
                continue;
            }
            boolean refused = r.statusCode() >= 400 && r.statusCode() < 500
                    && "Status".equals(status.path("kind").asText()) && status.path("code").asInt() == r.statusCode();
            if (!refused || !status.path("message").asText().contains(c.field())) {
                failures.add("expected a 4xx Status naming '" + c.field() + "': " + what);
            }
        }
        assertEquals(List.of(), failures, failures.size() + " of " + corpus.size() + " cases failed");
        assertEquals(before, storeState(), "a refused request changed the store");
        everyStoredObjectPassesValidationAndEveryListAndWatchWorks();
    }

    private void everyStoredObjectPassesValidationAndEveryListAndWatchWorks() throws Exception {
        for (String collection : List.of("/api/v1/namespaces", "/api/v1/pods", "/api/v1/nodes", "/api/v1/services",
                "/api/v1/endpoints", "/api/v1/configmaps", "/api/v1/secrets", "/api/v1/serviceaccounts",
                "/api/v1/events", "/apis/apps/v1/deployments", "/apis/apps/v1/replicasets", "/apis/batch/v1/jobs",
                "/apis/batch/v1/cronjobs", "/apis/policy/v1/poddisruptionbudgets",
                "/apis/autoscaling/v2/horizontalpodautoscalers", "/apis/autoscaling/v1/horizontalpodautoscalers",
                "/apis/coordination.k8s.io/v1/leases", "/apis/discovery.k8s.io/v1/endpointslices",
                "/apis/events.k8s.io/v1/events")) {
            HttpResponse<String> list = send("GET", collection, null, null);
            assertEquals(200, list.statusCode(), collection + ": " + list.body());
            JsonNode items = JSON.readTree(list.body()).path("items");
            java.util.Map<String, String> listed = new java.util.LinkedHashMap<>();
            for (JsonNode item : items) {
                String name = item.path("metadata").path("name").asText();
                String namespace = item.path("metadata").path("namespace").asText("");
                String itemPath = namespace.isEmpty() ? collection + "/" + name
                        : collection.replaceFirst("/([a-z.]+)$", "/namespaces/" + namespace + "/$1") + "/" + name;
                listed.put(itemPath, namespace.isEmpty() ? name : namespace + "/" + name);
                // Unconditional (no resourceVersion): the controllers' leader Lease is renewed meanwhile.
                ((ObjectNode) item.path("metadata")).remove("resourceVersion");
                HttpResponse<String> again = send("PUT", itemPath + "?dryRun=All", "application/json", item.toString());
                assertEquals(200, again.statusCode(), "stored " + itemPath + " no longer passes validation: "
                        + again.body());
            }
            java.util.Set<String> watched = watchedAdds(collection);
            for (var entry : listed.entrySet()) {
                String itemPath = entry.getKey();
                // An object deleted between the list and the watch is rightly not in it.
                assertTrue(watched.contains(entry.getValue()) || send("GET", itemPath, null, null).statusCode() == 404,
                        "a watch of " + collection + " from version 0 did not deliver " + itemPath + ": " + watched);
            }
        }
    }

    /** Namespace/name (or name) of the ADDED events a watch from resourceVersion 0 delivers before its short timeout. */
    private java.util.Set<String> watchedAdds(String collection) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(cluster.url() + collection
                + "?watch=true&resourceVersion=0&timeoutSeconds=2")).build();
        HttpResponse<java.io.InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        java.util.Set<String> added = new java.util.HashSet<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                JsonNode event = JSON.readTree(line);
                if ("ADDED".equals(event.path("type").asText())) {
                    JsonNode meta = event.path("object").path("metadata");
                    String namespace = meta.path("namespace").asText("");
                    added.add((namespace.isEmpty() ? "" : namespace + "/") + meta.path("name").asText());
                }
            }
        }
        return added;
    }

    /**
     * The valid objects as stored (without status, resourceVersion and managedFields, which the
     * scheduler may change in the background), and whether any object of a refused create exists.
     */
    private String storeState() throws Exception {
        StringBuilder state = new StringBuilder();
        for (Kind k : kinds()) {
            String name = JSON.readTree(k.base()).path("metadata").path("name").asText();
            ObjectNode stored = (ObjectNode) JSON.readTree(send("GET", k.path(name), null, null).body());
            stored.remove("status");
            // the scheduler's status writes also add their manager to managedFields
            ((ObjectNode) stored.path("metadata")).remove(List.of("resourceVersion", "managedFields"));
            state.append(stored).append('\n');
            state.append(k.path(name + "-x")).append(' ').append(send("GET", k.path(name + "-x"), null, null).statusCode())
                    .append('\n');
        }
        return state.toString();
    }

    private void expect2xx(String method, String path, String contentType, String body) throws Exception {
        HttpResponse<String> r = send(method, path, contentType, body);
        assertTrue(r.statusCode() / 100 == 2, () -> method + " " + path + " -> " + r.statusCode() + " " + r.body());
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cluster.url() + path));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() < 500, () -> "server error for " + method + " " + path + " " + abbreviated(body)
                + ": " + response.body());
        return response;
    }

    private static String abbreviated(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

}
