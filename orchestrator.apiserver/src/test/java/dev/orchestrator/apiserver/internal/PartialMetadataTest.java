package dev.orchestrator.apiserver.internal;

import static dev.orchestrator.apiserver.internal.WritePath.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartialMetadataTest {

    @Test
    void clientGosMetadataClientIsAnsweredWithMetadataOnly() {
        // what client-go's metadata client sends for a list, and for a get or watch
        assertTrue(PartialMetadata.wanted("application/vnd.kubernetes.protobuf;as=PartialObjectMetadataList;"
                + "g=meta.k8s.io;v=v1,application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json"));
        assertTrue(PartialMetadata.wanted("application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1"));
        assertTrue(PartialMetadata.wanted("application/json; as=PartialObjectMetadata; g=meta.k8s.io; v=v1beta1"));
    }

    @Test
    void otherAcceptHeadersAskForWholeObjects() {
        assertFalse(PartialMetadata.wanted(null));
        assertFalse(PartialMetadata.wanted("application/json"));
        assertFalse(PartialMetadata.wanted("*/*"));
        assertFalse(PartialMetadata.wanted("application/json;as=Table;v=v1;g=meta.k8s.io,application/json"));
        assertFalse(PartialMetadata.wanted("application/json,application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1"),
                "the first range this server writes decides");
        assertFalse(PartialMetadata.wanted("application/json;as=PartialObjectMetadata;g=example.com;v=v1"));
        assertFalse(PartialMetadata.wanted("application/yaml;as=PartialObjectMetadata;g=meta.k8s.io;v=v1"));
    }

    @Test
    void anObjectBecomesItsMetadataAndTheObjectStaysAsItWas() {
        ObjectNode pod = json("{'kind':'Pod','apiVersion':'v1','metadata':{'name':'web','namespace':'default',"
                + "'labels':{'app':'web'},'resourceVersion':'7','uid':'u1'},'spec':{'nodeName':'n1'}}");
        ObjectNode partial = PartialMetadata.of(pod);
        assertEquals(json("{'kind':'PartialObjectMetadata','apiVersion':'meta.k8s.io/v1','metadata':{'name':'web',"
                + "'namespace':'default','labels':{'app':'web'},'resourceVersion':'7','uid':'u1'}}"), partial);
        ((ObjectNode) partial.path("metadata")).put("name", "changed");
        assertEquals("web", pod.path("metadata").path("name").asText());
        assertEquals("n1", pod.path("spec").path("nodeName").asText());
    }

    @Test
    void aListCarriesItsVersionAndContinueToken() {
        ObjectNode a = json("{'kind':'Pod','apiVersion':'v1','metadata':{'name':'a'}}");
        ObjectNode list = PartialMetadata.list(List.of(a), "42", "next");
        assertEquals("PartialObjectMetadataList", list.path("kind").asText());
        assertEquals("meta.k8s.io/v1", list.path("apiVersion").asText());
        assertEquals("42", list.path("metadata").path("resourceVersion").asText());
        assertEquals("next", list.path("metadata").path("continue").asText());
        assertEquals("PartialObjectMetadata", list.path("items").path(0).path("kind").asText());
        assertEquals("a", list.path("items").path(0).path("metadata").path("name").asText());
        assertFalse(PartialMetadata.list(List.of(), "1", null).path("metadata").has("continue"));
    }
}
