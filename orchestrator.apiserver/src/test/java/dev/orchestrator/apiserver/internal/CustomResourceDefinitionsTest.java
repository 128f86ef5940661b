package dev.orchestrator.apiserver.internal;

import static dev.orchestrator.apiserver.internal.WritePath.cause;
import static dev.orchestrator.apiserver.internal.WritePath.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.testing.Eventually;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CRDs through the write path on a real embedded store: their validation, and the registry following them. */
class CustomResourceDefinitionsTest {

    private WritePath path;
    private CustomResourceDefinitions definitions;
    private ResourceType crds;

    @BeforeEach
    void open() throws Exception {
        path = new WritePath();
        definitions = new CustomResourceDefinitions(path.store, path.storage, path.registry, path.writes);
        definitions.start();
        crds = path.type("apiextensions.k8s.io", "v1", "customresourcedefinitions");
    }

    @AfterEach
    void close() throws Exception {
        definitions.close();
        path.close();
    }

    static ObjectNode widgets() {
        return json("""
                {'apiVersion':'apiextensions.k8s.io/v1','kind':'CustomResourceDefinition',
                 'metadata':{'name':'widgets.example.com'},
                 'spec':{'group':'example.com','scope':'Namespaced',
                   'names':{'plural':'widgets','kind':'Widget','shortNames':['wg']},
                   'versions':[
                     {'name':'v1beta1','served':true,'storage':false,'schema':{'openAPIV3Schema':{'type':'object',
                       'properties':{'spec':{'type':'object','properties':{'size':{'type':'integer'}}}}}}},
                     {'name':'v1','served':true,'storage':true,'subresources':{'status':{}},
                      'schema':{'openAPIV3Schema':{'type':'object',
                       'properties':{'spec':{'type':'object','properties':{
                          'size':{'type':'integer','minimum':1},'color':{'type':'string','default':'blue'}}},
                         'status':{'type':'object','properties':{'ready':{'type':'boolean'}}}}}}}]}}
                """);
    }

    @Test
    void aCreatedCrdIsServedInEachVersionWithDefaultedNames() throws Exception {
        ObjectNode created = path.writes.create(crds, null, widgets(), false);
        assertEquals("widget", created.path("spec").path("names").path("singular").asText());
        assertEquals("WidgetList", created.path("spec").path("names").path("listKind").asText());
        assertEquals("None", created.path("spec").path("conversion").path("strategy").asText());
        assertEquals("customresourcecleanup.apiextensions.k8s.io", created.path("metadata").path("finalizers").get(0).asText());
        assertEquals("v1", created.path("status").path("storedVersions").get(0).asText());
        definitions.refresh();

        ResourceType v1 = path.registry.find("example.com", "v1", "widgets").orElseThrow();
        ResourceType beta = path.registry.find("example.com", "v1beta1", "widgets").orElseThrow();
        assertTrue(v1.namespaced());
        assertEquals(List.of("wg"), v1.shortNames());
        assertTrue(v1.hasStatus());
        assertEquals(List.of("example.com/v1", "example.com/v1beta1"),
                new Discovery(path.registry).apiGroup("example.com").get("versions").findValues("groupVersion")
                        .stream().map(JsonNode::asText).toList());

        ObjectNode widget = json("{'apiVersion':'example.com/v1','kind':'Widget','metadata':{'name':'w1'},"
                + "'spec':{'size':2,'extra':1}}");
        List<String> warnings = CustomResourceSchemas.admit(v1, widget, FieldValidation.Mode.WARN, null);
        assertEquals(List.of("unknown field \"spec.extra\""), warnings);
        assertEquals("blue", widget.path("spec").path("color").asText());
        path.writes.create(v1, "default", widget, false);

        ObjectNode asBeta = beta.served(path.storage.getOrNotFound(path.registry.storedFormOf(beta), "default", "w1"));
        assertEquals("example.com/v1beta1", asBeta.path("apiVersion").asText());
        assertEquals(2, asBeta.path("spec").path("size").asInt());

        ApiException invalid = assertThrows(ApiException.class, () -> CustomResourceSchemas.admit(v1,
                json("{'apiVersion':'example.com/v1','kind':'Widget','metadata':{'name':'w2'},'spec':{'size':0}}"),
                FieldValidation.Mode.WARN, null));
        assertTrue(cause(invalid, "spec.size").message().contains("should be greater than or equal to 1"),
                invalid.causes.toString());

        // status is a subresource of v1: a main write drops it unchecked, a status write checks it
        ObjectNode badStatus = json("{'apiVersion':'example.com/v1','kind':'Widget','metadata':{'name':'w1'},"
                + "'spec':{'size':2},'status':{'ready':'maybe'}}");
        CustomResourceSchemas.admit(v1, badStatus, FieldValidation.Mode.WARN, null);
        assertFalse(badStatus.has("status"));
        ApiException status = assertThrows(ApiException.class, () -> CustomResourceSchemas.admit(v1,
                json("{'apiVersion':'example.com/v1','kind':'Widget','metadata':{'name':'w1'},"
                        + "'spec':{'size':2},'status':{'ready':'maybe'}}"), FieldValidation.Mode.WARN, "status"));
        cause(status, "status.ready");

        Eventually.until("the CRD worker's change", 10, () -> condition("widgets.example.com", "Established").equals("True"));
        assertEquals("True", condition("widgets.example.com", "NamesAccepted"));
    }

    @Test
    void anInvalidCrdIsRefusedNamingEachField() {
        ObjectNode crd = widgets();
        ObjectNode spec = (ObjectNode) crd.get("spec");
        spec.put("group", "example");
        spec.put("scope", "Global");
        ((ObjectNode) spec.get("versions").get(0)).put("storage", true);
        ((ObjectNode) spec.get("versions").get(0)).remove("schema");
        spec.putObject("conversion").put("strategy", "Webhook");
        ((ObjectNode) spec.get("names")).put("plural", "Widgets");
        ApiException e = assertThrows(ApiException.class, () -> path.writes.create(crds, null, crd, false));
        assertEquals(422, e.code);
        cause(e, "metadata.name");
        assertTrue(cause(e, "spec.group").message().contains("should be a domain with at least one dot"));
        cause(e, "spec.scope");
        cause(e, "spec.names.plural");
        assertTrue(cause(e, "spec.versions").message().contains("exactly one version marked as storage version"));
        cause(e, "spec.versions[0].schema.openAPIV3Schema");
        assertTrue(cause(e, "spec.conversion.strategy").message().contains("\"Webhook\""));
    }

    @Test
    void aCrdInAKubernetesGroupNeedsTheApprovalAnnotation() {
        ObjectNode crd = widgets();
        ((ObjectNode) crd.get("metadata")).put("name", "widgets.apps.k8s.io");
        ((ObjectNode) crd.get("spec")).put("group", "apps.k8s.io");
        ApiException e = assertThrows(ApiException.class, () -> path.writes.create(crds, null, crd.deepCopy(), false));
        assertTrue(cause(e, "metadata.annotations[api-approved.kubernetes.io]").message().contains("protected groups"));
        ((ObjectNode) crd.get("metadata")).putObject("annotations").put("api-approved.kubernetes.io",
                "https://github.com/kubernetes/enhancements/pull/1111");
        path.writes.create(crds, null, crd, false);
    }

    @Test
    void aSecondCrdClaimingTheSameKindIsNotServed() throws Exception {
        path.writes.create(crds, null, widgets(), false);
        definitions.refresh();
        Eventually.until("the CRD worker's change", 10, () -> condition("widgets.example.com", "NamesAccepted").equals("True"));
        ObjectNode other = widgets();
        ((ObjectNode) other.get("metadata")).put("name", "gadgets.example.com");
        ((ObjectNode) other.path("spec").path("names")).put("plural", "gadgets").remove("shortNames");
        path.writes.create(crds, null, other, false);
        definitions.refresh();
        assertTrue(path.registry.find("example.com", "v1", "widgets").isPresent());
        assertFalse(path.registry.find("example.com", "v1", "gadgets").isPresent());
        Eventually.until("the CRD worker's change", 10, () -> condition("gadgets.example.com", "NamesAccepted").equals("False"));
        assertEquals("SingularConflict", conditionField("gadgets.example.com", "NamesAccepted", "reason"));
    }

    @Test
    void deletingACrdDeletesItsObjectsThenItself() throws Exception {
        path.writes.create(crds, null, widgets(), false);
        definitions.refresh();
        ResourceType v1 = path.registry.find("example.com", "v1", "widgets").orElseThrow();
        path.writes.create(v1, "default", json("{'apiVersion':'example.com/v1','kind':'Widget',"
                + "'metadata':{'name':'w1'},'spec':{'size':2}}"), false);
        path.writes.delete(crds, null, "widgets.example.com", Json.object(), false);
        definitions.refresh();
        Eventually.until("the CRD worker's change", 10, () -> path.storage.get(crds, null, "widgets.example.com").isEmpty());
        assertTrue(path.storage.list(v1, null, 0, 0, null, o -> true).items().isEmpty());
        Eventually.until("the CRD worker's change", 10, () -> path.registry.find("example.com", "v1", "widgets").isEmpty());
    }

    @Test
    void anotherApiServerOnTheSameStoreFollowsTheCrds() throws Exception {
        ResourceRegistry otherRegistry = new ResourceRegistry();
        try (CustomResourceDefinitions other = new CustomResourceDefinitions(path.store, path.storage, otherRegistry,
                path.writes)) {
            other.start();
            path.writes.create(crds, null, widgets(), false);
            Eventually.until("the CRD worker's change", 10, () -> otherRegistry.find("example.com", "v1beta1", "widgets").isPresent());

            // a version no longer served is no longer found; the storage version stays the stored form
            updateCrd(crd -> ((ObjectNode) crd.path("spec").path("versions").get(0)).put("served", false));
            Eventually.until("the CRD worker's change", 10, () -> otherRegistry.find("example.com", "v1beta1", "widgets").isEmpty());
            assertTrue(otherRegistry.find("example.com", "v1", "widgets").isPresent());
            assertTrue(otherRegistry.custom().schemas().containsKey("example.com/v1"));
            assertFalse(otherRegistry.custom().schemas().containsKey("example.com/v1beta1"));
        }
    }

    @Test
    void updatesKeepGroupScopeAndStoredVersions() throws Exception {
        path.writes.create(crds, null, widgets(), false);
        definitions.refresh();
        Eventually.until("the CRD worker's change", 10, () -> condition("widgets.example.com", "Established").equals("True")); // no status write between
        ObjectNode crd = path.storage.getOrNotFound(crds, null, "widgets.example.com");
        ((ObjectNode) crd.get("spec")).put("scope", "Cluster");
        ((ObjectNode) crd.get("spec")).set("versions", Json.array().add(crd.path("spec").path("versions").get(0)));
        ((ObjectNode) crd.path("spec").path("versions").get(0)).put("storage", true);
        ApiException e = assertThrows(ApiException.class,
                () -> path.writes.update(crds, null, "widgets.example.com", null, crd, false));
        assertTrue(cause(e, "spec.scope").message().contains("field is immutable"), e.causes.toString());
        assertTrue(cause(e, "status.storedVersions[0]").message().contains("must appear in spec.versions"));
    }

    @Test
    void openApiServesTheSchemaUnderAHashThatFollowsIt() {
        OpenApi openApi = new OpenApi(path.registry, new Schemas(path.registry), "v1.32.0");
        path.writes.create(crds, null, widgets(), false);
        definitions.refresh();
        String url = openApi.index().path("paths").path("apis/example.com/v1").path("serverRelativeURL").asText();
        assertTrue(url.startsWith("/openapi/v3/apis/example.com/v1?hash="), url);
        JsonNode widget = openApi.document("apis/example.com/v1").path("components").path("schemas")
                .path("com.example.v1.Widget");
        assertEquals("Widget", widget.path("x-kubernetes-group-version-kind").get(0).path("kind").asText());
        assertTrue(widget.path("properties").path("spec").path("properties").has("color"));

        updateCrd(crd -> ((ObjectNode) crd.path("spec").path("versions").get(1).path("schema").path("openAPIV3Schema")
                .path("properties").path("spec").path("properties")).putObject("shape").put("type", "string"));
        definitions.refresh();
        String changed = openApi.index().path("paths").path("apis/example.com/v1").path("serverRelativeURL").asText();
        assertFalse(changed.equals(url), "the hash must change with the schema: " + changed);
    }

    @Test
    void listTypesComeFromTheSchema() {
        ObjectNode crd = widgets();
        ObjectNode spec = (ObjectNode) crd.path("spec").path("versions").get(1).path("schema").path("openAPIV3Schema")
                .path("properties").path("spec").path("properties");
        spec.set("ports", json("{'type':'array','x-kubernetes-list-type':'map','x-kubernetes-list-map-keys':['name'],"
                + "'items':{'type':'object','required':['name'],'properties':{'name':{'type':'string'},"
                + "'tags':{'type':'array','x-kubernetes-list-type':'set','items':{'type':'string'}}}}}"));
        path.writes.create(crds, null, crd, false);
        definitions.refresh();
        ResourceType v1 = path.registry.find("example.com", "v1", "widgets").orElseThrow();
        assertEquals(ListType.map("name"), SchemaListTypes.INSTANCE.listType(v1, List.of("spec", "ports")));
        assertEquals(ListType.SET, SchemaListTypes.INSTANCE.listType(v1, List.of("spec", "ports", "tags")));
        assertEquals(ListType.ATOMIC, SchemaListTypes.INSTANCE.listType(v1, List.of("spec", "size")));
    }

    @Test
    void printerColumnsFollowTheirJsonPaths() {
        TableColumns columns = CustomResourceTypes.columns(json("""
                {'additionalPrinterColumns':[
                  {'name':'Size','type':'integer','jsonPath':'.spec.size'},
                  {'name':'Ready','type':'string','jsonPath':'.status.conditions[?(@.type==\\"Ready\\")].status'},
                  {'name':'First','type':'string','jsonPath':'.spec.items[0].name','priority':1}]}
                """));
        ObjectNode o = json("{'metadata':{'name':'a'},'spec':{'size':3,'items':[{'name':'x'},{'name':'y'}]},"
                + "'status':{'conditions':[{'type':'Other','status':'False'},{'type':'Ready','status':'True'}]}}");
        List<Object> cells = columns.columns().stream().map(c -> c.cell().apply(o)).toList();
        assertEquals(List.of("a", 3L, "True", "x"), cells);
        assertEquals(1, columns.columns().get(3).priority());
        assertEquals(List.of("Name", "Age"), CustomResourceTypes.columns(Json.object()).columns().stream()
                .map(TableColumns.Column::name).toList());
    }

    /** An update of the CRD, again on a conflict with the status the CRD worker writes meanwhile. */
    private void updateCrd(java.util.function.Consumer<ObjectNode> change) {
        for (int attempt = 0; ; attempt++) {
            ObjectNode crd = path.storage.getOrNotFound(crds, null, "widgets.example.com");
            change.accept(crd);
            try {
                path.writes.update(crds, null, "widgets.example.com", null, crd, false);
                return;
            } catch (ApiException e) {
                if (e.code != 409 || attempt > 20) {
                    throw e;
                }
            }
        }
    }

    private String condition(String crd, String type) {
        return conditionField(crd, type, "status");
    }

    private String conditionField(String crd, String type, String field) {
        for (JsonNode c : path.storage.getOrNotFound(crds, null, crd).path("status").path("conditions")) {
            if (type.equals(c.path("type").asText())) {
                return c.path(field).asText();
            }
        }
        return "";
    }

}
