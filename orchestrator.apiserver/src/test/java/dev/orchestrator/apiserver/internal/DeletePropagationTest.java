package dev.orchestrator.apiserver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static dev.orchestrator.apiserver.internal.WritePath.cause;
import static dev.orchestrator.apiserver.internal.WritePath.json;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DELETE with a propagation policy through the write path: the garbage collector's finalizers,
 * refused policies, and namespaces held by spec.finalizers until namespaces/finalize drops them.
 */
class DeletePropagationTest {

    private WritePath path;
    private ObjectWrites writes;
    private ObjectStorage storage;
    private ResourceRegistry registry;

    @BeforeEach
    void open() throws Exception {
        path = new WritePath();
        storage = path.storage;
        writes = path.writes;
        registry = path.registry;
        writes.create(configMaps(), "default", json("{'metadata':{'name':'c'}}"), false);
    }

    @AfterEach
    void close() throws Exception {
        path.close();
    }

    private ResourceType configMaps() {
        return registry.find("", "v1", "configmaps").orElseThrow();
    }

    private ResourceType namespaces() {
        return registry.find("", "v1", "namespaces").orElseThrow();
    }

    private static List<String> finalizers(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.path("metadata").path("finalizers").forEach(f -> names.add(f.asText()));
        return names;
    }

    @Test
    void orphanAndForegroundMarkTheObjectWithTheCollectorsFinalizer() {
        ObjectNode marked = writes.delete(configMaps(), "default", "c", json("{'propagationPolicy':'Orphan'}"), false);
        assertEquals(List.of("orphan"), finalizers(marked));
        assertTrue(marked.path("metadata").has("deletionTimestamp"));
        ObjectNode switched = writes.delete(configMaps(), "default", "c", json("{'propagationPolicy':'Foreground'}"), false);
        assertEquals(List.of("foregroundDeletion"), finalizers(switched));
        // an explicit Background drops the collector's finalizers: nothing holds the object any more
        writes.delete(configMaps(), "default", "c", json("{'propagationPolicy':'Background'}"), false);
        assertTrue(storage.get(configMaps(), "default", "c").isEmpty());
    }

    @Test
    void backgroundAndNoPolicyDeleteAtOnceAndLegacyOrphanDependentsMeansOrphan() {
        writes.delete(configMaps(), "default", "c", json("{'propagationPolicy':'Background'}"), false);
        assertTrue(storage.get(configMaps(), "default", "c").isEmpty());
        writes.create(configMaps(), "default", json("{'metadata':{'name':'c'}}"), false);
        ObjectNode orphaned = writes.delete(configMaps(), "default", "c", json("{'orphanDependents':true}"), false);
        assertEquals(List.of("orphan"), finalizers(orphaned));
        // removing the last finalizer deletes it
        writes.patch(configMaps(), "default", "c", null, "application/merge-patch+json",
                "{\"metadata\":{\"finalizers\":null}}".getBytes(StandardCharsets.UTF_8), false);
        assertTrue(storage.get(configMaps(), "default", "c").isEmpty());
    }

    @Test
    void unknownPoliciesAndBothFieldsAre422() {
        ApiException bad = assertThrows(ApiException.class, () -> writes.delete(configMaps(), "default", "c",
                json("{'propagationPolicy':'Sideways'}"), false));
        assertEquals(422, bad.code);
        assertEquals("DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"Sideways\": "
                + "supported values: \"Foreground\", \"Background\", \"Orphan\"", bad.getMessage());
        ApiException both = assertThrows(ApiException.class, () -> writes.delete(configMaps(), "default", "c",
                json("{'propagationPolicy':'Orphan','orphanDependents':false}"), false));
        assertTrue(both.getMessage().contains("orphanDependents and propagationPolicy cannot be both set"), both.getMessage());
        ApiException notBoolean = assertThrows(ApiException.class, () -> writes.delete(configMaps(), "default", "c",
                json("{'orphanDependents':'yes'}"), false));
        assertEquals(422, notBoolean.code);
        assertFalse(storage.get(configMaps(), "default", "c").isEmpty());
        assertFalse(storage.get(configMaps(), "default", "c").get().path("metadata").has("deletionTimestamp"));
    }

    @Test
    void aNamespaceStaysTerminatingUntilFinalized() {
        writes.create(namespaces(), null, json("{'metadata':{'name':'doomed'}}"), false);
        ObjectNode created = storage.get(namespaces(), null, "doomed").orElseThrow();
        assertEquals("kubernetes", created.path("spec").path("finalizers").get(0).asText());
        writes.delete(namespaces(), null, "doomed", json("{}"), false);
        ObjectNode terminating = storage.get(namespaces(), null, "doomed").orElseThrow();
        assertEquals("Terminating", terminating.path("status").path("phase").asText());
        // an update cannot drop spec.finalizers; nor does removing a metadata finalizer release it
        writes.update(namespaces(), null, "doomed", null, json("{'apiVersion':'v1','kind':'Namespace','metadata':"
                + "{'name':'doomed'},'spec':{'finalizers':[]}}"), false);
        assertEquals(1, storage.get(namespaces(), null, "doomed").orElseThrow().path("spec").path("finalizers").size());
        writes.update(namespaces(), null, "doomed", "finalize", json("{'apiVersion':'v1','kind':'Namespace','metadata':"
                + "{'name':'doomed'},'spec':{'finalizers':[]}}"), false);
        assertTrue(storage.get(namespaces(), null, "doomed").isEmpty());
    }
}
