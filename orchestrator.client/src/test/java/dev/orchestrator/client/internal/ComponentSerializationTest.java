package dev.orchestrator.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.WatchEvent;
import org.junit.jupiter.api.Test;

/** The shared client's objects keep their managedFields' managers and times, not their field sets, and never send them. */
class ComponentSerializationTest {

    private static final String POD = """
            {"kind":"Pod","apiVersion":"v1","metadata":{"name":"web","namespace":"default","resourceVersion":"17",
             "labels":{"app":"web"},"managedFields":[{"manager":"kubectl","operation":"Update","apiVersion":"v1",
             "time":"2026-12-06T10:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{"f:app":{}}}}}]},
             "spec":{"nodeName":"n1","containers":[{"name":"c","image":"busybox"}]}}""";

    private final ComponentSerialization serialization = new ComponentSerialization(kind -> { });

    private static void managersKeptWithoutFieldSets(Pod pod) {
        assertEquals("web", pod.getMetadata().getName());
        assertEquals("web", pod.getMetadata().getLabels().get("app"));
        ManagedFieldsEntry entry = pod.getMetadata().getManagedFields().get(0);
        assertEquals("kubectl", entry.getManager());
        assertEquals("2026-12-06T10:00:00Z", entry.getTime());
        assertNull(entry.getFieldsV1());
        assertTrue(entry.getAdditionalProperties().isEmpty(), "the field set is not kept elsewhere either");
    }

    @Test
    void watchEventsAndListsAreDecodedWithoutFieldSets() {
        WatchEvent event = serialization.unmarshal("{\"type\":\"ADDED\",\"object\":" + POD + "}", WatchEvent.class);
        managersKeptWithoutFieldSets((Pod) event.getObject());
        PodList list = serialization.unmarshal("{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{},\"items\":["
                + POD + "]}", PodList.class);
        managersKeptWithoutFieldSets(list.getItems().get(0));
        managersKeptWithoutFieldSets(serialization.unmarshal(POD, Pod.class));
    }

    @Test
    void anObjectWrittenBackCarriesNoManagedFieldsSoTheServerKeepsItsOwn() {
        Pod pod = serialization.unmarshal(POD, Pod.class);
        String sent = serialization.asJson(pod);
        assertFalse(sent.contains("managedFields"), sent);
        assertTrue(sent.contains("\"labels\":{\"app\":\"web\"}"), sent);
        assertTrue(sent.contains("\"nodeName\":\"n1\""), sent);
    }
}
