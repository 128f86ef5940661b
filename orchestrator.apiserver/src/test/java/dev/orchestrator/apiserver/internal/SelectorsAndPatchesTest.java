package dev.orchestrator.apiserver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class SelectorsAndPatchesTest {

    private static ObjectNode json(String text) {
        return Json.parseObject(text.replace('\'', '"').getBytes(), false);
    }

    @Test
    void labelSelectorSupportsEveryOperator() {
        ObjectNode labels = json("{'app':'web','tier':'fe'}");
        assertTrue(LabelSelector.parse("app=web").matches(labels));
        assertTrue(LabelSelector.parse("app==web,tier!=db").matches(labels));
        assertTrue(LabelSelector.parse("app in (web, api),tier notin (db)").matches(labels));
        assertTrue(LabelSelector.parse("app,!legacy").matches(labels));
        assertFalse(LabelSelector.parse("app=api").matches(labels));
        assertFalse(LabelSelector.parse("!app").matches(labels));
        assertFalse(LabelSelector.parse("env").matches(labels));
        assertThrows(ApiException.class, () -> LabelSelector.parse("app in web"));
        assertThrows(ApiException.class, () -> LabelSelector.parse("=web"));
        assertThrows(ApiException.class, () -> LabelSelector.parse("app=we b"));
    }

    @Test
    void mergePatchMergesObjectsAndNullRemoves() {
        ObjectNode result = (ObjectNode) Patches.mergePatch(json("{'a':{'b':1,'c':2},'l':[1,2]}"),
                json("{'a':{'b':null,'d':3},'l':[3]}"));
        assertEquals(json("{'a':{'c':2,'d':3},'l':[3]}"), result);
    }

    @Test
    void jsonPatchAppliesOperationsInOrder() {
        ObjectNode result = Patches.jsonPatch(json("{'a':[1,2],'b':{'c':1}}"), Json.parse(
                "[{'op':'add','path':'/a/1','value':9},{'op':'remove','path':'/b/c'},{'op':'add','path':'/a/-','value':5},"
                        .replace('\'', '"').concat("{\"op\":\"test\",\"path\":\"/a/0\",\"value\":1}]").getBytes(), false));
        assertEquals(json("{'a':[1,9,2,5],'b':{}}"), result);
        assertThrows(ApiException.class, () -> Patches.jsonPatch(json("{}"),
                Json.parse("[{\"op\":\"test\",\"path\":\"/x\",\"value\":1}]".getBytes(), false)));
    }

    @Test
    void strategicMergeMergesContainersByNameAndPortsByContainerPort() {
        ObjectNode live = json("{'spec':{'containers':[{'name':'a','image':'a:1','ports':[{'containerPort':80},"
                + "{'containerPort':443}]},{'name':'b','image':'b:1'}]}}");
        ObjectNode patched = StrategicMerge.apply(live, json("{'spec':{'$setElementOrder/containers':[{'name':'b'},"
                + "{'name':'a'}],'containers':[{'name':'a','image':'a:2','ports':[{'containerPort':443,'$patch':'delete'}]}]}}"));
        assertEquals(json("{'spec':{'containers':[{'name':'b','image':'b:1'},{'name':'a','image':'a:2',"
                + "'ports':[{'containerPort':80}]}]}}"), patched);
    }

    @Test
    void strategicMergeDirectives() {
        ObjectNode live = json("{'metadata':{'finalizers':['x','y'],'labels':{'a':'1','b':'2'}},'spec':{'tolerations':[{'key':'k'}]}}");
        ObjectNode patched = StrategicMerge.apply(live, json("{'metadata':{'$deleteFromPrimitiveList/finalizers':['x'],"
                + "'labels':{'$patch':'replace','c':'3'}},'spec':{'tolerations':[{'key':'other'}]}}"));
        assertEquals(json("{'metadata':{'finalizers':['y'],'labels':{'c':'3'}},'spec':{'tolerations':[{'key':'other'}]}}"),
                patched);
    }

    @Test
    void agesLookLikeKubectls() {
        assertEquals("45s", Ages.format(java.time.Duration.ofSeconds(45)));
        assertEquals("3m12s", Ages.format(java.time.Duration.ofSeconds(192)));
        assertEquals("5h", Ages.format(java.time.Duration.ofHours(5)));
        assertEquals("2d3h", Ages.format(java.time.Duration.ofHours(51)));
    }
}
