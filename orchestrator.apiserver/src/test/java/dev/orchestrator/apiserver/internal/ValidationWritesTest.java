package dev.orchestrator.apiserver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static dev.orchestrator.apiserver.internal.WritePath.cause;
import static dev.orchestrator.apiserver.internal.WritePath.json;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Validation through the write path: create, update, patch, status writes and binding answer 422 with causes. */
class ValidationWritesTest {

    private static final String MERGE = "application/merge-patch+json";
    private WritePath path;
    private ObjectWrites writes;
    private Subresources subresources;

    @BeforeEach
    void open() throws Exception {
        path = new WritePath();
        writes = path.writes;
        subresources = new Subresources(path.storage);
    }

    @AfterEach
    void close() throws Exception {
        path.close();
    }

    private ResourceType type(String group, String plural) {
        return path.type(group, "v1", plural);
    }

    private static byte[] bytes(String text) {
        return text.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    private ObjectNode createPod() {
        return writes.create(type("", "pods"), "default", json("{'metadata':{'name':'web'},'spec':{'containers':"
                + "[{'name':'web','image':'nginx:1.27'}]}}"), false);
    }

    @Test
    void aCreateIsAnsweredWithTheStoredBytesWhichReadAsTheTreeWritten() throws Exception {
        ObjectNode pod = json("{'metadata':{'name':'web','labels':{'app':'web'}},'spec':{'containers':"
                + "[{'name':'web','image':'nginx:1.27','ports':[{'containerPort':80}]}]}}");
        ObjectStorage.Written written = writes.createWritten(type("", "pods"), "default", pod, false, FieldManager.SERVER);
        byte[] served = written.served();
        // compared as written and read back: a tree built in memory may hold 30 as a long where parsing gives an int
        assertEquals(Json.MAPPER.readTree(Json.bytes(written.object())), Json.MAPPER.readTree(served));
        assertEquals(written.object().path("metadata").path("resourceVersion").asText(),
                Long.toString(written.stored().modRevision()));
        assertTrue(new String(served, StandardCharsets.UTF_8).contains("\"resourceVersion\":\""
                + written.stored().modRevision() + "\""));
        assertEquals(Json.MAPPER.readTree(served), path.storage.get(type("", "pods"), "default", "web").orElseThrow());

        ObjectStorage.Written dryRun = writes.createWritten(type("", "pods"), "default", json("{'metadata':{'name':"
                + "'dry'},'spec':{'containers':[{'name':'web','image':'nginx:1.27'}]}}"), true, FieldManager.SERVER);
        assertEquals(Json.MAPPER.readTree(Json.bytes(dryRun.object())), Json.MAPPER.readTree(dryRun.served()));
        assertTrue(path.storage.get(type("", "pods"), "default", "dry").isEmpty());
    }

    @Test
    void kindAndApiVersionComeFirstInTheStoredObjectWhateverOrderTheBodyHad() {
        for (String body : List.of("{'metadata':{'name':'a'},'data':{'k':'v'}}",
                "{'metadata':{'name':'b'},'data':{'k':'v'},'kind':'ConfigMap','apiVersion':'v1'}",
                "{'apiVersion':'v1','metadata':{'name':'c'},'kind':'ConfigMap'}")) {
            ObjectStorage.Written written = writes.createWritten(type("", "configmaps"), "default", json(body), false,
                    FieldManager.SERVER);
            String served = new String(written.served(), StandardCharsets.UTF_8);
            assertTrue(served.startsWith("{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":"), served);
            assertEquals(1, served.split("\"kind\"").length - 1, served);
        }
        ObjectNode replaced = writes.update(type("", "configmaps"), "default", "a", null,
                json("{'metadata':{'name':'a'},'data':{'k':'w'},'apiVersion':'v1'}"), false);
        assertEquals(List.of("kind", "apiVersion", "metadata", "data"), iterate(replaced.fieldNames()));
    }

    private static List<String> iterate(java.util.Iterator<String> names) {
        List<String> all = new java.util.ArrayList<>();
        names.forEachRemaining(all::add);
        return all;
    }

    @Test
    void everyViolationIsACauseOfOne422() {
        ApiException e = assertThrows(ApiException.class, () -> writes.create(type("", "services"), "default",
                json("{'metadata':{'name':'Bad_Name'},'spec':{'ports':[{'port':70000},{'port':80,'name':'b','protocol':'X'}]}}"),
                false));
        assertTrue(cause(e, "metadata.name").message().startsWith("Invalid value: \"Bad_Name\": a DNS-1035 label"));
        assertEquals("Invalid value: 70000: must be between 1 and 65535, inclusive", cause(e, "spec.ports[0].port").message());
        assertEquals("FieldValueRequired", cause(e, "spec.ports[0].name").reason());
        assertEquals("FieldValueNotSupported", cause(e, "spec.ports[1].protocol").reason());
        assertTrue(e.getMessage().startsWith("Service \"Bad_Name\" is invalid: "), e.getMessage());
    }

    @Test
    void stringDataIsMergedIntoDataOnUpdateAndPatch() {
        ResourceType secrets = type("", "secrets");
        writes.create(secrets, "default", json("{'metadata':{'name':'s'},'stringData':{'a':'one'}}"), false);
        ObjectNode updated = writes.update(secrets, "default", "s", null,
                json("{'metadata':{'name':'s'},'type':'Opaque','stringData':{'b':'two'}}"), false);
        assertFalse(updated.has("stringData"));
        assertEquals(Base64.getEncoder().encodeToString(bytes("two")), updated.path("data").path("b").asText());
        ObjectNode patched = writes.patch(secrets, "default", "s", null, MERGE, bytes("{'stringData':{'c':'three'}}"), false);
        assertFalse(patched.has("stringData"));
        assertEquals(Base64.getEncoder().encodeToString(bytes("three")), patched.path("data").path("c").asText());
        assertEquals(Base64.getEncoder().encodeToString(bytes("two")), patched.path("data").path("b").asText());
    }

    @Test
    void podUpdatesMayOnlyChangeImagesAndTheLike() {
        createPod();
        ResourceType pods = type("", "pods");
        ObjectNode patched = writes.patch(pods, "default", "web", null, MERGE,
                bytes("{'spec':{'activeDeadlineSeconds':60}}"), false);
        assertEquals(60, patched.path("spec").path("activeDeadlineSeconds").asInt());
        ApiException e = assertThrows(ApiException.class, () -> writes.patch(pods, "default", "web", null, MERGE,
                bytes("{'spec':{'restartPolicy':'Never'}}"), false));
        assertTrue(cause(e, "spec").message().startsWith("Forbidden: pod updates may not change fields other than"));
    }

    @Test
    void aPutWithoutTheDefaultsChangesNothing() {
        long generation = createPod().path("metadata").path("generation").asLong();
        ObjectNode replaced = writes.update(type("", "pods"), "default", "web", null, json("{'metadata':{'name':'web'},"
                + "'spec':{'containers':[{'name':'web','image':'nginx:1.28'}]}}"), false);
        assertEquals("Always", replaced.path("spec").path("restartPolicy").asText());
        assertEquals(generation + 1, replaced.path("metadata").path("generation").asLong()); // the image changed
    }

    @Test
    void statusWritesAreValidated() {
        createPod();
        ApiException e = assertThrows(ApiException.class, () -> writes.patch(type("", "pods"), "default", "web", "status",
                MERGE, bytes("{'status':{'phase':'Done'}}"), false));
        assertTrue(cause(e, "status.phase").message().startsWith("Unsupported value: \"Done\""));
    }

    @Test
    void immutableConfigMapsKeepTheirData() {
        ResourceType configMaps = type("", "configmaps");
        writes.create(configMaps, "default", json("{'metadata':{'name':'c'},'data':{'a':'1'},'immutable':true}"), false);
        ApiException e = assertThrows(ApiException.class, () -> writes.patch(configMaps, "default", "c", null, MERGE,
                bytes("{'data':{'a':'2'}}"), false));
        assertEquals("Forbidden: field is immutable when `immutable` is set", cause(e, "data").message());
    }

    @Test
    void bindingsNameAValidNode() {
        createPod();
        ApiException e = assertThrows(ApiException.class, () -> subresources.bind(type("", "pods"), "default", "web",
                json("{'target':{'name':'../x'}}")));
        assertTrue(cause(e, "target.name").message().contains("a lowercase RFC 1123 subdomain"));
        subresources.bind(type("", "pods"), "default", "web", json("{'target':{'kind':'Node','name':'node-1'}}"));
    }

    @Test
    void deploymentSelectorsCannotChange() {
        ResourceType deployments = type("apps", "deployments");
        writes.create(deployments, "default", json("{'metadata':{'name':'d'},'spec':{'selector':{'matchLabels':{'app':'d'}},"
                + "'template':{'metadata':{'labels':{'app':'d','v':'1'}},'spec':{'containers':[{'name':'c','image':'x'}]}}}}"),
                false);
        ApiException e = assertThrows(ApiException.class, () -> writes.patch(deployments, "default", "d", null, MERGE,
                bytes("{'spec':{'selector':{'matchLabels':{'v':'1'}}}}"), false));
        assertTrue(cause(e, "spec.selector").message().endsWith("field is immutable"));
    }

    @Test
    void aStaleVersionIsAConflictBeforeItIsInvalid() {
        ResourceType nodes = type("", "nodes");
        ObjectNode created = writes.create(nodes, null, json("{'metadata':{'name':'n1'}}"), false);
        // the control plane gives the node a range meanwhile; the client's copy has none
        ObjectNode allocated = writes.patch(nodes, null, "n1", null, MERGE,
                bytes("{'spec':{'podCIDR':'10.244.3.0/24','podCIDRs':['10.244.3.0/24']}}"), false);
        ObjectNode stale = created.deepCopy();
        ((ObjectNode) stale.path("metadata")).putObject("labels").put("touched", "yes");
        ApiException e = assertThrows(ApiException.class, () -> writes.update(nodes, null, "n1", null, stale, false));
        assertEquals(409, e.code, e.getMessage());
        assertTrue(e.getMessage().contains("the object has been modified"), e.getMessage());
        // at the current version, moving the range is the client's mistake
        ObjectNode moved = allocated.deepCopy();
        ((ObjectNode) moved.path("spec")).put("podCIDR", "10.244.4.0/24").putArray("podCIDRs").add("10.244.4.0/24");
        ApiException invalid = assertThrows(ApiException.class, () -> writes.update(nodes, null, "n1", null, moved, false));
        assertTrue(cause(invalid, "spec.podCIDRs").message().startsWith("Forbidden: node updates may not change podCIDR"));
    }
}
