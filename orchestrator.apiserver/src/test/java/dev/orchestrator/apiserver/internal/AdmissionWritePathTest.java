package dev.orchestrator.apiserver.internal;

import static dev.orchestrator.apiserver.internal.WritePath.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.api.admission.AdmissionDeniedException;
import dev.orchestrator.api.admission.MutatingAdmission;
import dev.orchestrator.api.admission.ValidatingAdmission;
import dev.orchestrator.api.store.ListRequest;
import dev.orchestrator.api.store.Store;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The admission chain on the API server's write path, on a real embedded store. */
class AdmissionWritePathTest {

    private final WritePath path;
    private final ResourceType pods;
    private final ResourceType quotas;
    private final ResourceType namespaces;

    AdmissionWritePathTest() throws Exception {
        path = new WritePath();
        pods = path.type("", "v1", "pods");
        quotas = path.type("", "v1", "resourcequotas");
        namespaces = path.type("", "v1", "namespaces");
    }

    @AfterEach
    void close() throws Exception {
        path.close();
    }

    private static ObjectNode pod(String name, String resources) {
        return json("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'" + name + "'},'spec':{'containers':"
                + "[{'name':'c','image':'busybox','resources':" + resources + "}]}}");
    }

    private ObjectNode createPod(String name, String resources) {
        return path.writes.create(pods, "default", pod(name, resources), false);
    }

    private void quota(String hard) {
        path.writes.create(quotas, "default", json("{'apiVersion':'v1','kind':'ResourceQuota','metadata':{'name':'q'},"
                + "'spec':{'hard':" + hard + "}}"), false);
    }

    @Test
    void theQuotaRefusesThePodBeyondItsCountAndKeepsUsage() {
        quota("{'pods':'2'}");
        createPod("p1", "{}");
        createPod("p2", "{}");
        ApiException refused = assertThrows(ApiException.class, () -> createPod("p3", "{}"));
        assertEquals(403, refused.code);
        assertEquals("pods \"p3\" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2",
                refused.getMessage());
        ObjectNode stored = path.storage.get(quotas, "default", "q").orElseThrow();
        assertEquals("2", stored.path("status").path("used").path("pods").asText());
        assertEquals("2", stored.path("status").path("hard").path("pods").asText());
    }

    @Test
    void computeQuotasNeedRequestsAndSumThem() {
        quota("{'requests.cpu':'1','limits.memory':'1Gi'}");
        ApiException missing = assertThrows(ApiException.class, () -> createPod("p0", "{}"));
        assertEquals("pods \"p0\" is forbidden: failed quota: q: must specify limits.memory for: c; requests.cpu for: c",
                missing.getMessage());
        createPod("p1", "{'requests':{'cpu':'600m'},'limits':{'memory':'512Mi'}}");
        ApiException exceeded = assertThrows(ApiException.class,
                () -> createPod("p2", "{'requests':{'cpu':'600m'},'limits':{'memory':'256Mi'}}"));
        assertEquals("pods \"p2\" is forbidden: exceeded quota: q, requested: requests.cpu=600m, used: requests.cpu=600m, "
                + "limited: requests.cpu=1", exceeded.getMessage());
        // a dry run is checked but not charged
        path.writes.create(pods, "default", pod("p3", "{'requests':{'cpu':'400m'},'limits':{'memory':'512Mi'}}"), true);
        ObjectNode stored = path.storage.get(quotas, "default", "q").orElseThrow();
        assertEquals("600m", stored.path("status").path("used").path("requests.cpu").asText());
        assertEquals("512Mi", stored.path("status").path("used").path("limits.memory").asText());
    }

    @Test
    void racingCreatesForTheLastSlotsDoNotBothPass() throws Exception {
        quota("{'count/pods':'3'}");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String name = "race-" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        createPod(name, "{}");
                        return true;
                    } catch (ApiException e) {
                        assertEquals(403, e.code, e.getMessage());
                        return false;
                    }
                }));
            }
            start.countDown();
            int created = 0;
            for (Future<Boolean> r : results) {
                created += r.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals(3, created);
            assertEquals(3, path.storage.list(pods, "default", 0, 0, null, o -> true).items().size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void limitRangeDefaultsAreStoredAndTheQosClassFollows() {
        path.writes.create(path.type("", "v1", "limitranges"), "default", json("{'apiVersion':'v1','kind':'LimitRange',"
                + "'metadata':{'name':'lr'},'spec':{'limits':[{'type':'Container','default':{'cpu':'500m','memory':'128Mi'},"
                + "'max':{'cpu':'1'}}]}}"), false);
        ObjectNode created = createPod("p", "{}");
        var resources = created.path("spec").path("containers").get(0).path("resources");
        assertEquals("500m", resources.path("limits").path("cpu").asText());
        assertEquals("500m", resources.path("requests").path("cpu").asText());
        assertEquals("Guaranteed", created.path("status").path("qosClass").asText());
        ApiException refused = assertThrows(ApiException.class, () -> createPod("big", "{'limits':{'cpu':'2'}}"));
        assertEquals("pods \"big\" is forbidden: maximum cpu usage per Container is 1, but limit is 2", refused.getMessage());
    }

    @Test
    void namespacesTerminatingOrSystemAreProtected() {
        path.writes.create(namespaces, null, json("{'apiVersion':'v1','kind':'Namespace','metadata':{'name':'going',"
                + "'finalizers':['example.com/hold']}}"), false);
        path.writes.delete(namespaces, null, "going", json("{}"), false);
        ApiException refused = assertThrows(ApiException.class,
                () -> path.writes.create(pods, "going", pod("p", "{}"), false));
        assertEquals(403, refused.code);
        assertEquals("pods \"p\" is forbidden: unable to create new content in namespace going because it is being "
                + "terminated", refused.getMessage());
        ApiException missing = assertThrows(ApiException.class,
                () -> path.writes.create(pods, "nowhere", pod("p", "{}"), false));
        assertEquals(404, missing.code);
        ApiException system = assertThrows(ApiException.class,
                () -> path.writes.delete(namespaces, null, "default", json("{}"), false));
        assertEquals("namespaces \"default\" is forbidden: this namespace may not be deleted", system.getMessage());
    }

    @Test
    void aPluginJoinsAndLeavesTheChainWhileItServes() {
        var chain = path.writes.admission().chain();
        MutatingAdmission labeler = (request, object, context) -> {
            if (request.isMain("", "pods")) {
                ObjectMeta.metadata(object).putObject("labels").put("admitted-by", "plugin");
            }
        };
        ValidatingAdmission refuser = (request, object, context) -> {
            if (request.isMain("", "pods") && request.name().startsWith("bad")) {
                throw new AdmissionDeniedException(422, "Invalid", "bad pods are not welcome");
            }
        };
        chain.add("labeler", 0, labeler);
        chain.add("refuser", 0, refuser);
        assertEquals("plugin", createPod("good", "{}").path("metadata").path("labels").path("admitted-by").asText());
        ApiException refused = assertThrows(ApiException.class, () -> createPod("bad", "{}"));
        assertEquals(422, refused.code);
        assertEquals("bad pods are not welcome", refused.getMessage());
        assertTrue(chain.names().indexOf("validating:refuser") < chain.names().indexOf("validating:ResourceQuota"),
                chain.names().toString());
        chain.remove(labeler);
        chain.remove(refuser);
        assertFalse(createPod("bad2", "{}").path("metadata").path("labels").has("admitted-by"));
    }

    @Test
    void aRequestReadsItsNamespaceAndLimitRangesOnceAndQuotasEachTime() throws Exception {
        List<String> reads = java.util.Collections.synchronizedList(new ArrayList<>());
        try (WritePath counted = new WritePath(new ResourceRegistry(), store -> readsOf(store, reads))) {
            counted.writes.create(counted.type("", "v1", "limitranges"), "default", json("{'metadata':{'name':'lr'},"
                    + "'spec':{'limits':[{'type':'Container','defaultRequest':{'cpu':'100m'},'max':{'cpu':'2'}},"
                    + "{'type':'Pod','max':{'cpu':'4'}}]}}"), false);
            counted.writes.create(counted.type("", "v1", "resourcequotas"), "default", json("{'metadata':{'name':'q'},"
                    + "'spec':{'hard':{'pods':'5'}}}"), false);
            counted.writes.create(counted.type("", "v1", "namespaces"), null, json("{'metadata':{'name':'restricted',"
                    + "'labels':{'pod-security.kubernetes.io/enforce':'restricted'}}}"), false);
            reads.clear();
            ObjectNode created;
            try (RequestAdmission.Notes request = counted.writes.admission().begin()) {
                created = counted.writes.create(counted.type("", "v1", "pods"), "default", pod("p", "{}"), false);
            }
            assertEquals("100m", created.path("spec").path("containers").path(0).path("resources").path("requests")
                    .path("cpu").asText(), "the LimitRange's default request");
            assertEquals(1, reads.stream().filter("get /registry/namespaces/default"::equals).count(), reads.toString());
            assertEquals(1, reads.stream().filter("list /registry/limitranges/default/"::equals).count(), reads.toString());
            assertEquals(1, reads.stream().filter("list /registry/resourcequotas/default/"::equals).count(), reads.toString());

            // what one request read is not kept for the next, and a plugin changing what it read changes nothing
            MutatingAdmission meddler = (request, object, context) -> context.lookup()
                    .get("", "namespaces", "", request.namespace())
                    .ifPresent(namespace -> ((ObjectNode) namespace.path("metadata")).remove("labels"));
            counted.writes.admission().chain().add("meddler", 0, meddler);
            reads.clear();
            try (RequestAdmission.Notes request = counted.writes.admission().begin()) {
                ApiException refused = assertThrows(ApiException.class, () -> counted.writes.create(
                        counted.type("", "v1", "pods"), "restricted", pod("p", "{}"), false));
                assertTrue(refused.getMessage().contains("violates PodSecurity \"restricted:latest\""),
                        refused.getMessage());
            }
            assertEquals(1, reads.stream().filter("get /registry/namespaces/restricted"::equals).count(), reads.toString());
        }
    }

    /** {@code store}, noting each get and list it is asked for ({@code get KEY}, {@code list PREFIX}). */
    private static Store readsOf(Store store, List<String> reads) {
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("get")) {
                        reads.add("get " + args[0]);
                    } else if (method.getName().equals("list")) {
                        reads.add("list " + ((ListRequest) args[0]).prefix());
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
