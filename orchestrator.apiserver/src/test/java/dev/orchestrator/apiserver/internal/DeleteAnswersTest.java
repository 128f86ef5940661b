package dev.orchestrator.apiserver.internal;

import static dev.orchestrator.apiserver.internal.WritePath.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A DELETE answers the object while it is held, a Status Success with details once it is gone. */
class DeleteAnswersTest {

    private WritePath path;

    @BeforeEach
    void open() throws Exception {
        path = new WritePath();
    }

    @AfterEach
    void close() throws Exception {
        path.close();
    }

    @Test
    void aRemovedObjectIsAnsweredWithAStatusNamingIt() {
        ResourceType deployments = path.type("apps", "v1", "deployments");
        ObjectNode created = path.writes.create(deployments, "default", json("{'metadata':{'name':'web'},"
                + "'spec':{'selector':{'matchLabels':{'a':'b'}},'template':{'metadata':{'labels':{'a':'b'}},"
                + "'spec':{'containers':[{'name':'c','image':'i'}]}}}}"), false);
        ObjectWrites.Removal removal = path.writes.remove(deployments, "default", "web", json("{}"), false);
        assertTrue(removal.gone());
        ObjectNode status = DeleteAnswers.status(deployments, removal).orElseThrow();
        assertEquals("Status", status.path("kind").asText());
        assertEquals("Success", status.path("status").asText());
        assertEquals("web", status.path("details").path("name").asText());
        assertEquals("apps", status.path("details").path("group").asText());
        assertEquals("deployments", status.path("details").path("kind").asText());
        assertEquals(created.path("metadata").path("uid").asText(), status.path("details").path("uid").asText());
    }

    @Test
    void anObjectHeldByAFinalizerIsAnsweredWithItself() {
        ResourceType configMaps = path.type("", "v1", "configmaps");
        path.writes.create(configMaps, "default", json("{'metadata':{'name':'held','finalizers':['example.com/x']}}"),
                false);
        ObjectWrites.Removal removal = path.writes.remove(configMaps, "default", "held", json("{}"), false);
        assertFalse(removal.gone());
        assertTrue(removal.object().path("metadata").has("deletionTimestamp"));
        assertTrue(DeleteAnswers.status(configMaps, removal).isEmpty());
    }

    @Test
    void podsAnswerWithTheDeletedObjectAsTheirRegistryDoes() {
        ResourceType pods = path.type("", "v1", "pods");
        path.writes.create(pods, "default", json("{'metadata':{'name':'p'},'spec':{'containers':[{'name':'c','image':'i'}]}}"),
                false);
        ObjectWrites.Removal removal = path.writes.remove(pods, "default", "p", json("{'gracePeriodSeconds':0}"), false);
        assertTrue(removal.gone());
        assertTrue(DeleteAnswers.status(pods, removal).isEmpty());
    }
}
