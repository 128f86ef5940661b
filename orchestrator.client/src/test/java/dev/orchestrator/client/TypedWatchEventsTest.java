package dev.orchestrator.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TypedWatchEventsTest {

    private static final String POD = """
            {"kind":"Pod","apiVersion":"v1","metadata":{"name":"web","namespace":"default","resourceVersion":"17",
             "labels":{"app":"web"},"managedFields":[{"manager":"kubectl","operation":"Update","apiVersion":"v1",
             "time":"2026-12-06T10:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{}}}}]},
             "spec":{"futureField":{"x":1},"nodeName":"n1","containers":[{"name":"c","image":"busybox","resources":{"requests":{"cpu":"100m"}}}]},
             "status":{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"True"}]}}""";

    private final LenientSerialization lenient = new LenientSerialization();
    private final TypedWatchEvents typed = new TypedWatchEvents(new tools.jackson.databind.ObjectMapper(),
            lenient::getRegisteredKubernetesResource);
    private final KubernetesSerialization fabric8 = new KubernetesSerialization();

    private Optional<WatchEvent> fast(String event) {
        return typed.decode(event.getBytes(StandardCharsets.UTF_8));
    }

    /** What the client decodes, and that it equals fabric8's own decoding of the same message. */
    private WatchEvent decodedAsFabric8Does(String event) {
        WatchEvent ours = lenient.unmarshal(event, WatchEvent.class);
        WatchEvent theirs = fabric8.unmarshal(event, WatchEvent.class);
        assertEquals(theirs.getType(), ours.getType());
        assertEquals(theirs.getObject(), ours.getObject());
        return ours;
    }

    @Test
    void anEventAsApiServersWriteItIsReadStraightIntoItsClass() {
        String event = "{\"type\":\"MODIFIED\",\"object\":" + POD + "}";
        WatchEvent decoded = fast(event).orElseThrow();
        assertEquals("MODIFIED", decoded.getType());
        Pod pod = assertInstanceOf(Pod.class, decoded.getObject());
        assertEquals("n1", pod.getSpec().getNodeName());
        assertEquals("17", pod.getMetadata().getResourceVersion());
        assertEquals("100m", pod.getSpec().getContainers().get(0).getResources().getRequests().get("cpu").toString());
        assertEquals(java.util.Map.of("x", 1), pod.getSpec().getAdditionalProperties().get("futureField"),
                "a field this model does not know is kept, as fabric8 keeps it");
        decodedAsFabric8Does(event);
    }

    @Test
    void apiVersionBeforeKindAndWhitespaceAroundAreTheSameShape() {
        String event = " {\"type\" : \"ADDED\",\n \"object\": {\"apiVersion\":\"v1\",\"kind\":\"Event\","
                + "\"metadata\":{\"name\":\"e1\",\"namespace\":\"default\"},\"reason\":\"Scheduled\","
                + "\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"web\"}} \n} \n";
        assertInstanceOf(Event.class, fast(event).orElseThrow().getObject());
        assertEquals("Scheduled", ((Event) decodedAsFabric8Does(event).getObject()).getReason());
    }

    @Test
    void errorsAndBookmarksDecodeAsBefore() {
        String error = "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
                + "\"status\":\"Failure\",\"message\":\"too old resource version: 5\",\"reason\":\"Expired\",\"code\":410}}";
        Status status = assertInstanceOf(Status.class, fast(error).orElseThrow().getObject());
        assertEquals(410, status.getCode());
        decodedAsFabric8Does(error);
        String bookmark = "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\","
                + "\"metadata\":{\"resourceVersion\":\"99\"}}}";
        assertEquals("99", ((Pod) fast(bookmark).orElseThrow().getObject()).getMetadata().getResourceVersion());
        decodedAsFabric8Does(bookmark);
    }

    @Test
    void otherShapesAreLeftToFabric8sWay() {
        String objectFirst = "{\"object\":" + POD + ",\"type\":\"ADDED\"}";
        String kindLater = "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"web\"},\"kind\":\"Pod\","
                + "\"apiVersion\":\"v1\"}}";
        String customKind = "{\"type\":\"ADDED\",\"object\":{\"kind\":\"Widget\",\"apiVersion\":\"example.com/v1\","
                + "\"metadata\":{\"name\":\"w\"},\"spec\":{\"size\":3}}}";
        for (String event : new String[] {objectFirst, kindLater, customKind}) {
            assertTrue(fast(event).isEmpty(), event);
            decodedAsFabric8Does(event);
        }
        assertInstanceOf(GenericKubernetesResource.class, lenient.unmarshal(customKind, WatchEvent.class).getObject());
    }

    @Test
    void somethingAfterTheObjectIsNotDroppedSilently() {
        String trailing = "{\"type\":\"ADDED\",\"object\":" + POD + ",\"extra\":{\"a\":1}}";
        String twoEvents = "{\"type\":\"ADDED\",\"object\":" + POD + "}{\"type\":\"DELETED\"}";
        String cut = "{\"type\":\"ADDED\",\"object\":" + POD;
        for (String event : new String[] {trailing, twoEvents, cut}) {
            assertTrue(fast(event).isEmpty(), event);
        }
        assertEquals("ADDED", decodedAsFabric8Does(trailing).getType());
    }
}
