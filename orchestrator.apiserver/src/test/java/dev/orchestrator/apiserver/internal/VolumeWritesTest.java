package dev.orchestrator.apiserver.internal;

import static dev.orchestrator.apiserver.internal.WritePath.cause;
import static dev.orchestrator.apiserver.internal.WritePath.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PersistentVolumes, claims and StorageClasses through the write path: defaults, the default class, 422s. */
class VolumeWritesTest {

    private static final String CLAIM = "'spec':{'accessModes':['ReadWriteOnce'],'resources':{'requests':{'storage':'1Gi'}}}";
    private WritePath path;

    @BeforeEach
    void open() throws Exception {
        path = new WritePath();
    }

    @AfterEach
    void close() throws Exception {
        path.close();
    }

    private ObjectNode create(String group, String plural, String namespace, String body) {
        return path.writes.create(path.type(group, "v1", plural), namespace, json(body), false);
    }

    @Test
    void aClaimWithoutAClassGetsTheDefaultOneAndAnEmptyNameKeepsNone() {
        path.writes.create(path.type("storage.k8s.io", "v1", "storageclasses"), null, VolumeStrategies.localPathClass(),
                false);
        ObjectNode claim = create("", "persistentvolumeclaims", "default", "{'metadata':{'name':'data'}," + CLAIM + "}");
        assertEquals("local-path", claim.at("/spec/storageClassName").asText());
        assertEquals("Pending", claim.at("/status/phase").asText());
        assertEquals("Filesystem", claim.at("/spec/volumeMode").asText());
        ObjectNode none = create("", "persistentvolumeclaims", "default", "{'metadata':{'name':'static'},"
                + CLAIM.replace("'spec':{", "'spec':{'storageClassName':'',") + "}");
        assertEquals("", none.at("/spec/storageClassName").asText());
    }

    @Test
    void newClaimsAndVolumesAreProtectedByTheirFinalizersOnceEach() {
        ObjectNode claim = create("", "persistentvolumeclaims", "default", "{'metadata':{'name':'data',"
                + "'finalizers':['example.com/backup']}," + CLAIM + "}");
        assertEquals("[\"example.com/backup\",\"kubernetes.io/pvc-protection\"]", claim.at("/metadata/finalizers").toString());
        ObjectNode again = create("", "persistentvolumeclaims", "default", "{'metadata':{'name':'data2',"
                + "'finalizers':['kubernetes.io/pvc-protection']}," + CLAIM + "}");
        assertEquals("[\"kubernetes.io/pvc-protection\"]", again.at("/metadata/finalizers").toString());
        ObjectNode volume = create("", "persistentvolumes", null, "{'metadata':{'name':'pv-1'},'spec':{'capacity':"
                + "{'storage':'1Gi'},'accessModes':['ReadWriteOnce'],'hostPath':{'path':'/tmp/pv-1'}}}");
        assertEquals("[\"kubernetes.io/pv-protection\"]", volume.at("/metadata/finalizers").toString());
    }

    @Test
    void aClaimsSpecIsFixedButForItsRequestAndItsVolumeSetOnce() {
        create("", "persistentvolumeclaims", "default", "{'metadata':{'name':'data'}," + CLAIM + "}");
        ResourceType claims = path.type("", "v1", "persistentvolumeclaims");
        ObjectNode bound = path.writes.patch(claims, "default", "data", null, "application/merge-patch+json",
                bytes("{'spec':{'volumeName':'pv-1','resources':{'requests':{'storage':'2Gi'}}}}"), false);
        assertEquals("pv-1", bound.at("/spec/volumeName").asText());
        ApiException moved = assertThrows(ApiException.class, () -> path.writes.patch(claims, "default", "data", null,
                "application/merge-patch+json", bytes("{'spec':{'volumeName':'pv-2'}}"), false));
        assertTrue(cause(moved, "spec").message().startsWith("Forbidden: spec is immutable after creation"));
    }

    @Test
    void badVolumesAndClaimsAreRefusedWithTheirFields() {
        ApiException claim = assertThrows(ApiException.class, () -> create("", "persistentvolumeclaims", "default",
                "{'metadata':{'name':'bad'},'spec':{'accessModes':['Sometimes'],'resources':{'requests':{'storage':'0'}}}}"));
        assertEquals("FieldValueNotSupported", cause(claim, "spec.accessModes[0]").reason());
        assertTrue(cause(claim, "spec.resources.requests[storage]").message().contains("must be greater than zero"));
        ApiException volume = assertThrows(ApiException.class, () -> create("", "persistentvolumes", null,
                "{'metadata':{'name':'pv'},'spec':{'accessModes':['ReadWriteOnce'],'local':{'path':'data'}}}"));
        assertEquals("FieldValueRequired", cause(volume, "spec.capacity[storage]").reason());
        assertTrue(cause(volume, "spec.local.path").message().contains("must be an absolute path"));
        assertEquals("FieldValueRequired", cause(volume, "spec.nodeAffinity").reason());
        ObjectNode pv = create("", "persistentvolumes", null, "{'metadata':{'name':'pv'},'spec':{'accessModes':"
                + "['ReadWriteOnce'],'capacity':{'storage':'1Gi'},'hostPath':{'path':'/srv/data'}}}");
        assertEquals("Retain", pv.at("/spec/persistentVolumeReclaimPolicy").asText());
        assertEquals("Pending", pv.at("/status/phase").asText());
    }

    private static byte[] bytes(String text) {
        return text.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }
}
