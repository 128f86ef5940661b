package dev.orchestrator.apiserver.internal;

import static dev.orchestrator.apiserver.internal.WritePath.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What admission reads on every write: always the store's newest objects, whatever was decoded before. */
class ObjectStorageLookUpTest {

    @Test
    void lookUpAllSeesEveryChangeAndLeavesOutWhatCannotBeDecoded() throws Exception {
        try (WritePath path = new WritePath()) {
            ResourceType ranges = path.type("", "v1", "limitranges");
            path.writes.create(path.type("", "v1", "namespaces"), null, json("{'metadata':{'name':'other'}}"), false);
            path.writes.create(ranges, "default", json("{'metadata':{'name':'a'},'spec':{'limits':[{'type':'Container',"
                    + "'default':{'cpu':'100m'}}]}}"), false);
            path.writes.create(ranges, "other", json("{'metadata':{'name':'b'},'spec':{'limits':[]}}"), false);
            assertEquals(List.of("a"), names(path.storage.lookUpAll(ranges, "default")));
            assertEquals(List.of("a", "b"), names(path.storage.lookUpAll(ranges, null)));

            ObjectNode a = path.storage.lookUpAll(ranges, "default").get(0);
            a.put("changedByTheCaller", true);
            ObjectNode changed = a.deepCopy();
            changed.remove("changedByTheCaller");
            ((ObjectNode) changed.path("spec").path("limits").path(0).path("default")).put("cpu", "200m");
            path.storage.update(ranges, "default", "a", changed, ObjectMeta.resourceVersion(a));
            ObjectNode read = path.storage.lookUpAll(ranges, "default").get(0);
            assertEquals("200m", read.path("spec").path("limits").path(0).path("default").path("cpu").asText());
            assertEquals(false, read.has("changedByTheCaller"));

            path.store.create(ranges.key("default", "broken"), "{not json".getBytes(StandardCharsets.UTF_8));
            assertEquals(List.of("a"), names(path.storage.lookUpAll(ranges, "default")));
            path.storage.delete(ranges, "default", "a", 0);
            assertEquals(List.of(), names(path.storage.lookUpAll(ranges, "default")));
        }
    }

    private static List<String> names(List<ObjectNode> objects) {
        return objects.stream().map(ObjectMeta::name).toList();
    }
}
