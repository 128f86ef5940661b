package dev.orchestrator.apiserver.internal;

import static dev.orchestrator.apiserver.internal.WritePath.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** fieldsV1 encoding of the paths of an object, and the set operations ownership uses. */
class FieldSetTest {

    private final ResourceRegistry registry = new ResourceRegistry();

    private ObjectFields fields(String group, String plural) {
        ResourceType type = registry.find(group, group.isEmpty() ? "v1" : "v1", plural).orElseThrow();
        return new ObjectFields(type, BuiltinListTypes.INSTANCE, null);
    }

    @Test
    void encodesFieldsListMapItemsSetItemsAndTheItemItself() {
        FieldSet set = fields("apps", "deployments").of(json("{'apiVersion':'apps/v1','kind':'Deployment',"
                + "'metadata':{'name':'d','namespace':'default','labels':{'app':'d'},'finalizers':['x.io/f']},"
                + "'spec':{'replicas':2,'selector':{'matchLabels':{'app':'d'}},'template':{'spec':{'containers':"
                + "[{'name':'c','image':'i','args':['a','b'],'ports':[{'containerPort':80}]}]}}},"
                + "'status':{'replicas':1}}"));
        assertEquals(json("{'f:metadata':{'f:finalizers':{'v:\\\"x.io/f\\\"':{}},'f:labels':{'f:app':{}}},"
                + "'f:spec':{'f:replicas':{},'f:selector':{},'f:template':{'f:spec':{'f:containers':{"
                + "'k:{\\\"name\\\":\\\"c\\\"}':{'.':{},'f:args':{},'f:image':{},'f:name':{},'f:ports':{"
                + "'k:{\\\"containerPort\\\":80,\\\"protocol\\\":\\\"TCP\\\"}':{'.':{},'f:containerPort':{}}}}}}}}}"),
                set.toJson());
    }

    @Test
    void readsWhatItWritesAndPrintsPathsAsKubernetes() {
        FieldSet set = FieldSet.fromJson(json("{'f:spec':{'f:containers':{'k:{\\\"name\\\":\\\"c\\\"}':"
                + "{'.':{},'f:image':{}}},'f:replicas':{}}}"));
        assertEquals(set.toJson(), FieldSet.fromJson(set.toJson()).toJson());
        List<String> printed = set.paths().stream().map(FieldSet::print).toList();
        assertEquals(List.of(".spec.containers[name=\"c\"]", ".spec.containers[name=\"c\"].image", ".spec.replicas"),
                printed);
        assertThrows(IllegalArgumentException.class, () -> FieldSet.fromJson(json("{'x:y':{}}")));
    }

    @Test
    void changedHoldsOnlyAddedAndModifiedLeaves() {
        ObjectFields fields = fields("", "configmaps");
        FieldSet changed = fields.changed(json("{'data':{'a':'1','b':'2'}}"), json("{'data':{'a':'1','b':'3','c':'4'}}"));
        assertEquals(json("{'f:data':{'f:b':{},'f:c':{}}}"), changed.toJson());
    }

    @Test
    void minusKeepsChildrenOfARemovedParentAndIntersectionFindsShared() {
        FieldSet a = FieldSet.fromJson(json("{'f:data':{'f:a':{},'f:b':{}}}"));
        FieldSet b = FieldSet.fromJson(json("{'f:data':{'f:b':{},'f:c':{}}}"));
        assertEquals(json("{'f:data':{'f:b':{}}}"), a.intersection(b).toJson());
        assertEquals(json("{'f:data':{'f:a':{}}}"), a.copy().minus(b).toJson());
        assertTrue(a.hasAtOrBelow(List.of("f:data")));
    }

    @Test
    void customResourcesHaveAtomicListsUntilTheirSchemaSaysOtherwise() {
        ResourceType deployments = registry.find("apps", "v1", "deployments").orElseThrow();
        ResourceType custom = new ResourceType("example.com", "v1", "widgets", "widget", "Widget", true, List.of(),
                List.of(), java.util.Set.of(), deployments.strategy(), deployments.table(), deployments.verbs());
        FieldSet set = new ObjectFields(custom, BuiltinListTypes.INSTANCE, null).of(json(
                "{'spec':{'containers':[{'name':'a'}],'selector':{'app':'x'}}}"));
        assertEquals(json("{'f:spec':{'f:containers':{},'f:selector':{'f:app':{}}}}"), set.toJson());
    }
}
