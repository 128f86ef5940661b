package dev.orchestrator.apiserver.internal;

import static dev.orchestrator.apiserver.internal.WritePath.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Apply and update ownership on the real write path: merge, conflicts, force, removal, shared ownership. */
class ServerSideApplyTest {

    private static final FieldManager ALICE = new FieldManager("alice");
    private static final FieldManager BOB = new FieldManager("bob");

    private final WritePath path = newPath();
    private final ResourceType configMaps = path.type("", "v1", "configmaps");
    private final ResourceType deployments = path.type("apps", "v1", "deployments");

    private static WritePath newPath() {
        try {
            return new WritePath();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void close() throws Exception {
        path.close();
    }

    private ObjectNode apply(ResourceType type, String body, FieldManager manager, boolean force) {
        ObjectNode config = json(body);
        ObjectMeta.metadata(config).put("name", "x");
        return path.writes.apply(type, "default", "x", null, config, manager, force, false).object();
    }

    private ObjectNode cm(String data, FieldManager manager) {
        return apply(configMaps, "{'apiVersion':'v1','kind':'ConfigMap','data':" + data + "}", manager, false);
    }

    private static JsonNode entry(ObjectNode object, String manager) {
        for (JsonNode e : object.path("metadata").path("managedFields")) {
            if (e.path("manager").asText().equals(manager)) {
                return e;
            }
        }
        return null;
    }

    @Test
    void applyCreatesAndRecordsAnApplyEntry() {
        ObjectNode created = cm("{'a':'1'}", ALICE);
        JsonNode e = entry(created, "alice");
        assertEquals("Apply", e.path("operation").asText());
        assertEquals("FieldsV1", e.path("fieldsType").asText());
        assertEquals(json("{'f:data':{'f:a':{}}}"), e.path("fieldsV1"));
        assertEquals("v1", e.path("apiVersion").asText());
    }

    @Test
    void scalarConflictNamesFieldAndManagerAndForceTakesItOver() {
        cm("{'a':'1'}", ALICE);
        ApiException e = assertThrows(ApiException.class, () -> cm("{'a':'2'}", BOB));
        assertEquals(409, e.code);
        assertEquals("Conflict", e.reason);
        assertEquals("Apply failed with 1 conflict: conflict with \"alice\": .data.a", e.getMessage());
        assertEquals(List.of(new ApiException.Cause("FieldManagerConflict", ".data.a", "conflict with \"alice\"")),
                e.causes);
        ObjectNode forced = apply(configMaps, "{'apiVersion':'v1','kind':'ConfigMap','data':{'a':'2'}}", BOB, true);
        assertEquals("2", forced.path("data").path("a").asText());
        assertEquals(null, entry(forced, "alice"), "alice owned nothing else");
        assertEquals(json("{'f:data':{'f:a':{}}}"), entry(forced, "bob").path("fieldsV1"));
    }

    @Test
    void conflictWithAnUpdaterNamesItsApiVersion() {
        path.writes.create(configMaps, "default", json("{'metadata':{'name':'x'},'data':{'a':'1'}}"), false,
                new FieldManager("kubectl-client-side-apply"));
        ApiException e = assertThrows(ApiException.class, () -> cm("{'a':'2'}", BOB));
        assertEquals("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using v1: .data.a",
                e.getMessage());
    }

    @Test
    void sameValueAppliedByTwoManagersIsSharedWithoutConflict() {
        cm("{'a':'1'}", ALICE);
        ObjectNode shared = cm("{'a':'1'}", BOB);
        assertEquals(json("{'f:data':{'f:a':{}}}"), entry(shared, "alice").path("fieldsV1"));
        assertEquals(json("{'f:data':{'f:a':{}}}"), entry(shared, "bob").path("fieldsV1"));
        // alice no longer applying it leaves it in place: bob still owns it
        ObjectNode after = cm("{'b':'2'}", ALICE);
        assertEquals("1", after.path("data").path("a").asText());
    }

    @Test
    void fieldsNoLongerAppliedAreRemovedWhenNoOneElseOwnsThem() {
        cm("{'a':'1','b':'2'}", ALICE);
        ObjectNode after = cm("{'a':'1'}", ALICE);
        assertFalse(after.path("data").has("b"));
        assertEquals(json("{'f:data':{'f:a':{}}}"), entry(after, "alice").path("fieldsV1"));
    }

    @Test
    void updatesTakeTheFieldsTheyChangedFromOtherManagers() {
        cm("{'a':'1','b':'2'}", ALICE);
        ObjectNode current = path.storage.getOrNotFound(configMaps, "default", "x");
        ((ObjectNode) current.path("data")).put("b", "3");
        ObjectNode updated = path.writes.update(configMaps, "default", "x", null, current, false, BOB);
        assertEquals(json("{'f:data':{'f:a':{}}}"), entry(updated, "alice").path("fieldsV1"));
        assertEquals("Update", entry(updated, "bob").path("operation").asText());
        assertEquals(json("{'f:data':{'f:b':{}}}"), entry(updated, "bob").path("fieldsV1"));
        // alice applying b again now conflicts with bob's update
        ApiException e = assertThrows(ApiException.class, () -> cm("{'a':'1','b':'2'}", ALICE));
        assertEquals("Apply failed with 1 conflict: conflict with \"bob\" using v1: .data.b", e.getMessage());
    }

    @Test
    void listMapItemsMergeByKeyAndAtomicListsAreReplaced() {
        String base = "{'apiVersion':'apps/v1','kind':'Deployment','spec':{'selector':{'matchLabels':{'app':'x'}},"
                + "'template':{'metadata':{'labels':{'app':'x'}},'spec':{'containers':[%s]}}}}";
        apply(deployments, base.formatted("{'name':'a','image':'a:1','args':['1','2']}"), ALICE, false);
        ObjectNode both = apply(deployments, base.formatted("{'name':'b','image':'b:1'}"), BOB, false);
        JsonNode containers = both.path("spec").path("template").path("spec").path("containers");
        assertEquals(2, containers.size(), containers.toString());
        ObjectNode replaced = apply(deployments, base.formatted("{'name':'a','image':'a:1','args':['3']}"), ALICE,
                false);
        JsonNode a = replaced.path("spec").path("template").path("spec").path("containers").get(0);
        assertEquals(json("{'x':['3']}").get("x"), a.path("args"));
        assertEquals("b", replaced.path("spec").path("template").path("spec").path("containers").get(1)
                .path("name").asText());
        // bob's container leaves when bob stops applying it
        ObjectNode gone = apply(deployments, base.formatted(""), BOB, false);
        assertEquals(1, gone.path("spec").path("template").path("spec").path("containers").size());
    }

    @Test
    void setItemsMergeByValue() {
        apply(configMaps, "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'finalizers':['a.io/x']}}", ALICE, false);
        ObjectNode both = apply(configMaps, "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'finalizers':['b.io/y']}}",
                BOB, false);
        List<String> finalizers = new ArrayList<>();
        both.path("metadata").path("finalizers").forEach(f -> finalizers.add(f.asText()));
        assertEquals(List.of("a.io/x", "b.io/y"), finalizers);
        assertEquals(json("{'f:metadata':{'f:finalizers':{'v:\\\"b.io/y\\\"':{}}}}"), entry(both, "bob").path("fieldsV1"));
        ObjectNode current = path.storage.getOrNotFound(configMaps, "default", "x");
        ((ObjectNode) current.path("metadata")).putArray("finalizers");
        path.writes.update(configMaps, "default", "x", null, current, false, ALICE); // let the test clean up
    }

    @Test
    void clientSentManagedFieldsAreKeptAndAnEmptyEntryResetsThem() {
        cm("{'a':'1'}", ALICE);
        ObjectNode current = path.storage.getOrNotFound(configMaps, "default", "x");
        ((ObjectNode) current.path("metadata")).set("managedFields", json("{'x':[{}]}").get("x"));
        ObjectNode reset = path.writes.update(configMaps, "default", "x", null, current, false, BOB);
        assertFalse(reset.path("metadata").has("managedFields"));
        ObjectNode bad = path.storage.getOrNotFound(configMaps, "default", "x");
        ((ObjectNode) bad.path("metadata")).set("managedFields", json("{'x':[{'manager':'m','operation':'Nope'}]}").get("x"));
        ApiException e = assertThrows(ApiException.class,
                () -> path.writes.update(configMaps, "default", "x", null, bad, false, BOB));
        assertTrue(WritePath.cause(e, "metadata.managedFields").message().contains("Apply or Update"));
    }

    @Test
    void clientSideApplyFieldsMigrateWithoutConflict() {
        String config = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"},\"data\":{\"a\":\"1\"}}";
        ObjectNode object = json("{'metadata':{'name':'x','annotations':{}},'data':{'a':'1'}}");
        ((ObjectNode) object.path("metadata").path("annotations")).put(ServerSideApply.LAST_APPLIED, config);
        path.writes.create(configMaps, "default", object, false, new FieldManager("kubectl-client-side-apply"));
        ObjectNode applied = cm("{'a':'2'}", new FieldManager("kubectl"));
        assertEquals("2", applied.path("data").path("a").asText());
        String annotation = applied.path("metadata").path("annotations").path(ServerSideApply.LAST_APPLIED).asText();
        assertTrue(annotation.contains("\"a\":\"2\""), annotation);
    }

    @Test
    void statusApplyOwnsStatusUnderTheStatusSubresource() {
        apply(deployments, "{'apiVersion':'apps/v1','kind':'Deployment','spec':{'selector':{'matchLabels':{'app':'x'}},"
                + "'template':{'metadata':{'labels':{'app':'x'}},'spec':{'containers':[{'name':'a','image':'a'}]}}}}",
                ALICE, false);
        ObjectNode config = json("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'x'},"
                + "'spec':{'replicas':7},'status':{'observedGeneration':1}}");
        ObjectNode written = path.writes.apply(deployments, "default", "x", "status", config, BOB, false, false).object();
        assertEquals(1, written.path("status").path("observedGeneration").asInt());
        assertEquals(1, written.path("spec").path("replicas").asInt(), "a status apply leaves the spec alone");
        JsonNode e = entry(written, "bob");
        assertEquals("status", e.path("subresource").asText());
        assertEquals(json("{'f:status':{'f:observedGeneration':{}}}"), e.path("fieldsV1"));
        assertThrows(ApiException.class, () -> path.writes.apply(deployments, "default", "missing", "status",
                config, BOB, false, false));
    }

    @Test
    void dryRunApplyStoresNothing() {
        cm("{'a':'1'}", ALICE);
        ObjectNode config = json("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'x'},'data':{'a':'1','b':'2'}}");
        ObjectNode answer = path.writes.apply(configMaps, "default", "x", null, config, ALICE, false, true).object();
        assertEquals("2", answer.path("data").path("b").asText());
        assertFalse(path.storage.getOrNotFound(configMaps, "default", "x").path("data").has("b"));
    }

    @Test
    void aManagersOwnUpdateEntryConflictsWithItsApplyAsInKubernetes() {
        cm("{'a':'1'}", ALICE);
        ObjectNode current = path.storage.getOrNotFound(configMaps, "default", "x");
        ((ObjectNode) current.path("data")).put("a", "2");
        path.writes.update(configMaps, "default", "x", null, current, false, ALICE);
        ApiException e = assertThrows(ApiException.class, () -> cm("{'a':'3'}", ALICE));
        assertEquals("Apply failed with 1 conflict: conflict with \"alice\" using v1: .data.a", e.getMessage());
    }

    @Test
    void scaleTakesReplicasUnderTheScaleSubresource() {
        String config = "{'apiVersion':'apps/v1','kind':'Deployment','spec':{'replicas':2,'selector':{'matchLabels':"
                + "{'app':'x'}},'template':{'metadata':{'labels':{'app':'x'}},'spec':{'containers':[{'name':'a','image':'a'}]}}}}";
        apply(deployments, config, ALICE, false);
        new Subresources(path.storage).updateScale(deployments, "default", "x", null,
                "{\"spec\":{\"replicas\":5}}".getBytes(java.nio.charset.StandardCharsets.UTF_8), false, BOB);
        ApiException e = assertThrows(ApiException.class, () -> apply(deployments, config, ALICE, false));
        assertEquals("Apply failed with 1 conflict: conflict with \"bob\" using apps/v1: .spec.replicas", e.getMessage());
        JsonNode scaled = entry(path.storage.getOrNotFound(deployments, "default", "x"), "bob");
        assertEquals("scale", scaled.path("subresource").asText());
    }
}
