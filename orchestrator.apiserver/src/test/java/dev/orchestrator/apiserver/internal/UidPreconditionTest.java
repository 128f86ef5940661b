package dev.orchestrator.apiserver.internal;

import static dev.orchestrator.apiserver.internal.WritePath.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A uid in an update or patch is a precondition on the stored object's, as in Kubernetes. */
class UidPreconditionTest {

    private static final String MERGE = "application/merge-patch+json";
    private WritePath path;
    private String uid;

    @BeforeEach
    void open() throws Exception {
        path = new WritePath();
        ObjectNode created = path.writes.create(configMaps(), "default", json("{'metadata':{'name':'c'},'data':{'a':'1'}}"),
                false);
        uid = created.path("metadata").path("uid").asText();
    }

    @AfterEach
    void close() throws Exception {
        path.close();
    }

    private ResourceType configMaps() {
        return path.registry.find("", "v1", "configmaps").orElseThrow();
    }

    private ResourceType pods() {
        return path.registry.find("", "v1", "pods").orElseThrow();
    }

    @Test
    void aPatchOrUpdateWithAnotherUidIsAConflictAndChangesNothing() {
        ApiException patched = assertThrows(ApiException.class, () -> path.writes.patch(configMaps(), "default", "c", null,
                MERGE, bytes("{'metadata':{'uid':'0000'},'data':{'a':'2'}}"), false));
        assertEquals(409, patched.code);
        assertTrue(patched.getMessage().contains("Precondition failed: UID in precondition: 0000, UID in object meta: "
                + uid), patched.getMessage());
        ApiException updated = assertThrows(ApiException.class, () -> path.writes.update(configMaps(), "default", "c", null,
                json("{'metadata':{'name':'c','uid':'0000'},'data':{'a':'3'}}"), false));
        assertEquals(409, updated.code);
        assertEquals("1", path.storage.get(configMaps(), "default", "c").orElseThrow().path("data").path("a").asText());
    }

    @Test
    void theStoredUidOrNoneIsAccepted() {
        path.writes.patch(configMaps(), "default", "c", null, MERGE, bytes("{'metadata':{'uid':'" + uid + "'},'data':{'a':'2'}}"),
                false);
        path.writes.update(configMaps(), "default", "c", null, json("{'metadata':{'name':'c'},'data':{'a':'3'}}"), false);
        assertEquals("3", path.storage.get(configMaps(), "default", "c").orElseThrow().path("data").path("a").asText());
    }

    @Test
    void aStatusPatchForAPodOfTheSameNameThatWasDeletedIsRefused() {
        ObjectNode pod = path.writes.create(pods(), "default", json("{'metadata':{'name':'p'},'spec':{'containers':"
                + "[{'name':'c','image':'busybox'}]}}"), false);
        String first = pod.path("metadata").path("uid").asText();
        path.writes.delete(pods(), "default", "p", json("{'gracePeriodSeconds':0}"), false);
        path.writes.create(pods(), "default", json("{'metadata':{'name':'p'},'spec':{'containers':"
                + "[{'name':'c','image':'busybox'}]}}"), false);
        ApiException stale = assertThrows(ApiException.class, () -> path.writes.patch(pods(), "default", "p", "status",
                MERGE, bytes("{'metadata':{'uid':'" + first + "'},'status':{'phase':'Running'}}"), false));
        assertEquals(409, stale.code);
        assertEquals("Pending", path.storage.get(pods(), "default", "p").orElseThrow().path("status").path("phase").asText());
    }

    private static byte[] bytes(String singleQuoted) {
        return singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }
}
