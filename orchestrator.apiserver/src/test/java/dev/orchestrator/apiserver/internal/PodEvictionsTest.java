package dev.orchestrator.apiserver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static dev.orchestrator.apiserver.internal.WritePath.cause;
import static dev.orchestrator.apiserver.internal.WritePath.json;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The eviction subresource on a real (embedded) store: budgets consumed in the store, pods marked and deleted. */
class PodEvictionsTest {

    private WritePath path;
    private ObjectStorage storage;
    private ObjectWrites writes;
    private PodEvictions evictions;
    private ResourceType pods;
    private ResourceType budgets;

    @BeforeEach
    void open() throws Exception {
        path = new WritePath();
        storage = path.storage;
        writes = path.writes;
        evictions = new PodEvictions(storage, writes, path.registry);
        pods = path.type("", "v1", "pods");
        budgets = path.type("policy", "v1", "poddisruptionbudgets");
    }

    @AfterEach
    void close() throws Exception {
        path.close();
    }

    /** A running pod on node-a labelled app=web, ready or not (its status written as the kubelet would). */
    private void pod(String name, boolean ready) {
        writes.create(pods, "default", json("{'metadata':{'name':'" + name + "','labels':{'app':'web'}},'spec':"
                + "{'nodeName':'node-a','containers':[{'name':'c','image':'busybox:1'}]}}"), false);
        storage.guaranteedUpdate(pods, "default", name, p -> {
            p.set("status", json("{'phase':'Running','conditions':[{'type':'Ready','status':'" + (ready ? "True" : "False")
                    + "'}]}"));
            return p;
        });
    }

    /** A budget selecting app=web with the status the disruption controller would have written. */
    private void budget(String name, int allowed, int current, int desired) {
        budget(name, "{'matchLabels':{'app':'web'}}", allowed, current, desired);
    }

    private void budget(String name, String selector, int allowed, int current, int desired) {
        writes.create(budgets, "default", json("{'apiVersion':'policy/v1','kind':'PodDisruptionBudget','metadata':"
                + "{'name':'" + name + "'},'spec':{'minAvailable':" + desired + ",'selector':" + selector + "}}"), false);
        storage.guaranteedUpdate(budgets, "default", name, b -> {
            b.set("status", json("{'disruptionsAllowed':" + allowed + ",'currentHealthy':" + current + ",'desiredHealthy':"
                    + desired + ",'expectedPods':" + current + ",'observedGeneration':1}"));
            return b;
        });
    }

    private ObjectNode evict(String name, String deleteOptions) {
        return evictions.evict(pods, "default", name, json("{'apiVersion':'policy/v1','kind':'Eviction','metadata':"
                + "{'name':'" + name + "','namespace':'default'}" + (deleteOptions == null ? "" : ",'deleteOptions':"
                + deleteOptions) + "}"), false);
    }

    private boolean exists(String pod) {
        return storage.get(pods, "default", pod).isPresent();
    }

    @Test
    void anEvictionTakesOneDisruptionAndDeletesThePod() {
        pod("web-1", true);
        pod("web-2", true);
        budget("web", 1, 2, 1);
        ObjectNode answer = evict("web-1", "{'gracePeriodSeconds':0}");
        assertEquals("Success", answer.path("status").asText());
        assertEquals(201, answer.path("code").asInt());
        assertFalse(exists("web-1"));
        JsonNode status = storage.getOrNotFound(budgets, "default", "web").path("status");
        assertEquals(0, status.path("disruptionsAllowed").asInt());
        assertTrue(status.path("disruptedPods").has("web-1"), status.toString());

        ApiException refused = assertThrows(ApiException.class, () -> evict("web-2", null));
        assertEquals(429, refused.code);
        assertEquals("The disruption budget web needs 1 healthy pods and has 2 currently", refused.causes.get(0).message());
        assertTrue(exists("web-2"), "a refused eviction leaves the pod");
    }

    @Test
    void theGracePeriodOfTheEvictionIsHonouredAndThePodMarkedAsDisrupted() {
        pod("web-1", true);
        ObjectNode answer = evict("web-1", "{'gracePeriodSeconds':30}");
        assertEquals("Success", answer.path("status").asText());
        ObjectNode pod = storage.getOrNotFound(pods, "default", "web-1");
        assertEquals(30, pod.path("metadata").path("deletionGracePeriodSeconds").asInt(), pod.toString());
        JsonNode condition = pod.path("status").path("conditions").get(1);
        assertEquals("DisruptionTarget/True/EvictionByEvictionAPI", condition.path("type").asText() + "/"
                + condition.path("status").asText() + "/" + condition.path("reason").asText());
    }

    @Test
    void preconditionsOfTheEvictionAreChecked() {
        pod("web-1", true);
        ApiException e = assertThrows(ApiException.class, () -> evict("web-1", "{'preconditions':{'uid':'other'}}"));
        assertEquals(409, e.code);
        assertTrue(exists("web-1"));
    }

    @Test
    void anUnreadyPodGoesWithoutTakingFromAHealthyBudget() {
        pod("web-1", false);
        budget("web", 0, 2, 2);
        evict("web-1", "{'gracePeriodSeconds':0}");
        assertFalse(exists("web-1"));
        assertEquals(0, storage.getOrNotFound(budgets, "default", "web").path("status").path("disruptedPods").size());
    }

    @Test
    void aPendingPodGoesWhateverTheBudgetSays() {
        pod("web-1", true);
        storage.guaranteedUpdate(pods, "default", "web-1", p -> {
            ((ObjectNode) p.path("status")).put("phase", "Pending");
            return p;
        });
        budget("web", 0, 2, 2);
        evict("web-1", "{'gracePeriodSeconds':0}");
        assertFalse(exists("web-1"));
    }

    @Test
    void anEmptySelectorProtectsEveryPodOfTheNamespace() {
        pod("web-1", true);
        budget("everything", "{}", 0, 1, 1);
        assertEquals(429, assertThrows(ApiException.class, () -> evict("web-1", null)).code);
        assertTrue(exists("web-1"));
    }

    @Test
    void moreThanOneBudgetIsAServerError() {
        pod("web-1", true);
        budget("a", 1, 1, 0);
        budget("b", 1, 1, 0);
        ApiException e = assertThrows(ApiException.class, () -> evict("web-1", null));
        assertEquals(500, e.code);
        assertEquals("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.",
                e.getMessage());
    }

    @Test
    void aMissingPodIs404AndAMismatchedNameIs400() {
        assertEquals(404, assertThrows(ApiException.class, () -> evict("gone", null)).code);
        pod("web-1", true);
        ApiException e = assertThrows(ApiException.class, () -> evictions.evict(pods, "default", "web-1",
                json("{'apiVersion':'policy/v1','kind':'Eviction','metadata':{'name':'web-2'}}"), false));
        assertEquals(400, e.code);
        assertEquals("name in URL does not match name in Eviction object", e.getMessage());
    }

    @Test
    void theDisruptionTargetConditionIsSetBeforeDeletion() {
        ObjectNode pod = json("{'status':{'conditions':[{'type':'Ready','status':'True'}]}}");
        JsonNode condition = PodEvictions.withDisruptionTarget(pod).path("status").path("conditions").get(1);
        assertEquals("DisruptionTarget", condition.path("type").asText());
        assertEquals("True", condition.path("status").asText());
        assertEquals("EvictionByEvictionAPI", condition.path("reason").asText());
    }
}
