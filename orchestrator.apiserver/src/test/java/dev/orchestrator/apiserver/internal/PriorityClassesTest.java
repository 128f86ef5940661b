package dev.orchestrator.apiserver.internal;

import static dev.orchestrator.apiserver.internal.WritePath.cause;
import static dev.orchestrator.apiserver.internal.WritePath.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.api.admission.AdmissionDeniedException;
import dev.orchestrator.api.admission.AdmissionRequest;
import dev.orchestrator.api.admission.Operation;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PriorityClasses through the write path (with its admission chain), and the Priority admission of pods against the
 * stored classes.
 */
class PriorityClassesTest {

    private WritePath path;
    private ResourceType classes;
    private PriorityAdmission admission;

    @BeforeEach
    void open() throws Exception {
        path = new WritePath();
        classes = path.type("scheduling.k8s.io", "v1", "priorityclasses");
        for (String name : PriorityClasses.SYSTEM.keySet()) {
            path.writes.create(classes, null, PriorityClasses.system(name), false);
        }
        admission = PriorityAdmission.of(path.storage, path.registry);
    }

    @AfterEach
    void close() throws Exception {
        path.close();
    }

    private ObjectNode createClass(String body) {
        return path.writes.create(classes, null, json(body), false);
    }

    private static AdmissionRequest request(Operation operation, String group, String resource, ObjectNode old) {
        return new AdmissionRequest(operation, group, "v1", resource, "", "", "default", "x", "alice",
                List.of("system:authenticated"), false, Optional.ofNullable(old));
    }

    private ObjectNode admitPod(String spec) {
        ObjectNode pod = json("{'metadata':{'name':'p'},'spec':{" + spec + "'containers':[{'name':'c','image':'x'}]}}");
        admission.admit(request(Operation.CREATE, "", "pods", null), pod, null);
        return pod;
    }

    @Test
    void aPodGetsThePriorityOfItsClass() {
        createClass("{'metadata':{'name':'high'},'value':1000,'preemptionPolicy':'Never'}");
        ObjectNode pod = admitPod("'priorityClassName':'high',");
        assertEquals(1000, pod.at("/spec/priority").asInt());
        assertEquals("Never", pod.at("/spec/preemptionPolicy").asText());
        assertEquals(2_000_001_000, admitPod("'priorityClassName':'system-node-critical',").at("/spec/priority").asInt());
        assertEquals(0, admitPod("").at("/spec/priority").asInt(-1), "no class and no default: priority 0");
    }

    @Test
    void anUnknownClassOrAPriorityOfItsOwnIsRefused() {
        AdmissionDeniedException unknown = assertThrows(AdmissionDeniedException.class,
                () -> admitPod("'priorityClassName':'nope',"));
        assertEquals(403, unknown.code);
        assertEquals("no PriorityClass with name nope was found", unknown.getMessage());
        AdmissionDeniedException own = assertThrows(AdmissionDeniedException.class, () -> admitPod("'priority':7,"));
        assertTrue(own.getMessage().startsWith("the integer value of priority (7) must not be provided in pod spec"));
    }

    @Test
    void theGlobalDefaultGoesToPodsNamingNoClassAndOnlyOneMayExist() {
        createClass("{'metadata':{'name':'normal'},'value':100,'globalDefault':true}");
        ObjectNode pod = admitPod("");
        assertEquals("normal", pod.at("/spec/priorityClassName").asText());
        assertEquals(100, pod.at("/spec/priority").asInt());
        ApiException second = assertThrows(ApiException.class,
                () -> createClass("{'metadata':{'name':'other'},'value':5,'globalDefault':true}"));
        assertEquals(403, second.code);
        assertEquals("priorityclasses.scheduling.k8s.io \"other\" is forbidden: PriorityClass normal is already marked as "
                + "default. Only one default can exist", second.getMessage());
    }

    @Test
    void anUpdateOfAPodKeepsThePriorityItWasGiven() {
        ObjectNode old = admitPod("'priorityClassName':'system-cluster-critical',");
        ObjectNode replaced = json("{'metadata':{'name':'p'},'spec':{'priorityClassName':'system-cluster-critical',"
                + "'containers':[{'name':'c','image':'x'}]}}");
        admission.admit(request(Operation.UPDATE, "", "pods", old), replaced, null);
        assertEquals(2_000_000_000, replaced.at("/spec/priority").asInt());
    }

    @Test
    void classesFollowKubernetesRules() {
        ApiException tooHigh = assertThrows(ApiException.class,
                () -> createClass("{'metadata':{'name':'huge'},'value':1000000001}"));
        assertTrue(cause(tooHigh, "value").message().contains("maximum allowed value of a user defined priority is 1000000000"));
        ApiException reserved = assertThrows(ApiException.class,
                () -> createClass("{'metadata':{'name':'system-mine'},'value':1}"));
        assertTrue(cause(reserved, "metadata.name").message().contains("'system-' prefix are reserved"));
        assertEquals("FieldValueRequired", cause(assertThrows(ApiException.class,
                () -> createClass("{'metadata':{'name':'novalue'}}")), "value").reason());
        ObjectNode low = createClass("{'metadata':{'name':'low'},'value':1}");
        assertEquals("PreemptLowerPriority", low.path("preemptionPolicy").asText());
        ObjectNode changed = low.deepCopy().put("value", 2);
        ApiException immutable = assertThrows(ApiException.class, () -> path.writes.update(classes, null, "low", null,
                changed, false));
        assertTrue(cause(immutable, "value").message().endsWith("field is immutable"));
        ApiException system = assertThrows(ApiException.class, () -> PriorityClasses.STRATEGY
                .checkDeletable("system-node-critical"));
        assertEquals(403, system.code);
    }
}
