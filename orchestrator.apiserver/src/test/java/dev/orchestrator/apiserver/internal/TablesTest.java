package dev.orchestrator.apiserver.internal;

import static dev.orchestrator.apiserver.internal.WritePath.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tables as kubectl asks for them: {@code includeObject} decides what each row carries of its object. */
class TablesTest {

    private static final String KUBECTL_ACCEPT =
            "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
    private final ResourceType pods = new ResourceRegistry().find("", "v1", "pods").orElseThrow();
    private final ObjectNode pod = json("{'kind':'Pod','apiVersion':'v1','metadata':{'name':'web','namespace':'default',"
            + "'labels':{'app':'web'}},'spec':{'nodeName':'n1','containers':[{'name':'c','image':'busybox'}]},"
            + "'status':{'phase':'Running','startTime':'2026-12-06T21:00:00Z'}}");

    @Test
    void onlyATableAcceptHeaderAsksForATableAndMetadataIsTheDefault() {
        assertNull(Tables.Include.requested("application/json", "Object"));
        assertNull(Tables.Include.requested(null, null));
        assertEquals(Tables.Include.METADATA, Tables.Include.requested(KUBECTL_ACCEPT, null));
        assertEquals(Tables.Include.METADATA, Tables.Include.requested(KUBECTL_ACCEPT, ""));
        assertEquals(Tables.Include.METADATA, Tables.Include.requested(KUBECTL_ACCEPT, "Metadata"));
        assertEquals(Tables.Include.NONE, Tables.Include.requested(KUBECTL_ACCEPT, "None"));
        assertEquals(Tables.Include.OBJECT, Tables.Include.requested(KUBECTL_ACCEPT, "Object"));
    }

    @Test
    void anUnknownIncludeObjectIsABadRequestNamingTheChoices() {
        ApiException e = assertThrows(ApiException.class, () -> Tables.Include.requested(KUBECTL_ACCEPT, "object"));
        assertEquals(400, e.code);
        assertTrue(e.getMessage().contains("\"object\": must be 'Metadata', 'Object', 'None', or empty"), e.getMessage());
    }

    @Test
    void sortByNeedsTheWholeObjectInEachRow() {
        // kubectl get --sort-by=.status.startTime sends includeObject=Object and sorts on the rows' objects
        ObjectNode row = (ObjectNode) Tables.table(pods, List.of(pod), "5", null, true, Tables.Include.OBJECT)
                .path("rows").path(0);
        assertEquals(pod, row.path("object"));
        assertEquals("web", row.path("cells").path(0).asText());
    }

    @Test
    void metadataRowsCarryPartialObjectMetadataAndNoneRowsNothing() {
        ObjectNode metadata = (ObjectNode) Tables.table(pods, List.of(pod), "5", null, true, Tables.Include.METADATA)
                .path("rows").path(0).path("object");
        assertEquals("PartialObjectMetadata", metadata.path("kind").asText());
        assertEquals("web", metadata.path("metadata").path("labels").path("app").asText());
        assertFalse(metadata.has("spec"));
        assertFalse(Tables.table(pods, List.of(pod), "5", null, true, Tables.Include.NONE)
                .path("rows").path(0).has("object"));
    }

    @Test
    void theDefaultStorageClassIsNamedWithDefaultAsKubectlShowsIt() {
        ResourceType classes = new ResourceRegistry().find("storage.k8s.io", "v1", "storageclasses").orElseThrow();
        ObjectNode standard = json("{'kind':'StorageClass','apiVersion':'storage.k8s.io/v1','metadata':{'name':'standard',"
                + "'annotations':{'storageclass.kubernetes.io/is-default-class':'true'}},'provisioner':'p'}");
        ObjectNode other = json("{'kind':'StorageClass','apiVersion':'storage.k8s.io/v1','metadata':{'name':'slow',"
                + "'annotations':{'storageclass.kubernetes.io/is-default-class':'false'}},'provisioner':'p'}");
        var rows = Tables.table(classes, List.of(standard, other), "5", null, true, Tables.Include.NONE).path("rows");
        assertEquals("standard (default)", rows.path(0).path("cells").path(0).asText());
        assertEquals("slow", rows.path(1).path("cells").path(0).asText());
    }

    @Test
    void aClaimOrVolumeBeingDeletedShowsTerminating() {
        ResourceType claims = new ResourceRegistry().find("", "v1", "persistentvolumeclaims").orElseThrow();
        ObjectNode bound = json("{'kind':'PersistentVolumeClaim','apiVersion':'v1','metadata':{'name':'data',"
                + "'namespace':'default'},'status':{'phase':'Bound'}}");
        ObjectNode going = bound.deepCopy();
        ((ObjectNode) going.path("metadata")).put("deletionTimestamp", "2026-12-07T09:00:00Z");
        var rows = Tables.table(claims, List.of(bound, going), "5", null, true, Tables.Include.NONE).path("rows");
        assertEquals("Bound", rows.path(0).path("cells").path(1).asText());
        assertEquals("Terminating", rows.path(1).path("cells").path(1).asText());
        ResourceType volumes = new ResourceRegistry().find("", "v1", "persistentvolumes").orElseThrow();
        ((ObjectNode) going.path("metadata")).remove("namespace");
        assertEquals("Terminating", Tables.table(volumes, List.of(going), "5", null, true, Tables.Include.NONE)
                .path("rows").path(0).path("cells").path(4).asText());
    }
}
