package dev.orchestrator.apiserver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.UnknownFieldSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** /openapi/v2: a Swagger 2.0 document older kubectl's parser accepts whole, and its protobuf form. */
class OpenApiV2Test {

    private final ResourceRegistry registry = new ResourceRegistry();
    private final ObjectNode doc = new OpenApiV2(registry, new Schemas(registry), "v1.32.0").document();

    @Test
    void everyKindIsADefinitionWithItsGroupVersionKind() {
        List<String> kinds = new ArrayList<>();
        doc.get("definitions").forEach(d -> d.path("x-kubernetes-group-version-kind")
                .forEach(gvk -> kinds.add(gvk.path("group").asText() + "/" + gvk.path("version").asText() + "/"
                        + gvk.path("kind").asText())));
        assertTrue(kinds.contains("apps/v1/Deployment"), kinds.toString());
        assertTrue(kinds.contains("/v1/ConfigMap"), kinds.toString());
        assertTrue(kinds.contains("autoscaling/v2/HorizontalPodAutoscaler"), kinds.toString());
        assertTrue(kinds.contains("autoscaling/v1/HorizontalPodAutoscaler"), kinds.toString());
        assertEquals("2.0", doc.path("swagger").asText());
        assertTrue(doc.path("paths").has("/apis/apps/v1/namespaces/{namespace}/deployments/{name}"));
    }

    @Test
    void listsCarryThePatchStrategyTheServerMergesBy() {
        JsonNode definitions = doc.get("definitions");
        JsonNode containers = definitions.path("io.k8s.api.PodSpec").path("properties").path("containers");
        assertEquals("merge", containers.path("x-kubernetes-patch-strategy").asText());
        assertEquals("name", containers.path("x-kubernetes-patch-merge-key").asText());
        JsonNode ports = definitions.path("io.k8s.api.Container").path("properties").path("ports");
        assertEquals("containerPort", ports.path("x-kubernetes-patch-merge-key").asText());
        JsonNode finalizers = definitions.path("io.k8s.api.ObjectMeta").path("properties").path("finalizers");
        assertEquals("merge", finalizers.path("x-kubernetes-patch-strategy").asText());
        assertFalse(definitions.path("io.k8s.api.Container").path("properties").path("args")
                .has("x-kubernetes-patch-strategy"));
        assertFalse(definitions.has("io.k8s.api.v1.ObjectMeta"), "one ObjectMeta for every group-version");
    }

    @Test
    void schemasAreWhatKubectlsParserAccepts() {
        doc.get("definitions").fields().forEachRemaining(d -> check(d.getValue(), d.getKey()));
    }

    private void check(JsonNode schema, String where) {
        if (schema.has("$ref")) {
            assertEquals(1, schema.size(), where + ": a reference stands alone");
            String target = schema.get("$ref").asText().substring("#/definitions/".length());
            assertTrue(doc.get("definitions").has(target), where + ": " + target + " is not defined");
            return;
        }
        if ("array".equals(schema.path("type").asText())) {
            assertTrue(schema.path("items").isObject(), where + ": an array has its items");
        }
        assertFalse(schema.path("type").isArray(), where + ": one type");
        schema.path("properties").fields().forEachRemaining(p -> check(p.getValue(), where + "." + p.getKey()));
        if (schema.path("items").isObject()) {
            check(schema.get("items"), where + "[]");
        }
        if (schema.path("additionalProperties").isObject()) {
            check(schema.get("additionalProperties"), where + "{}");
        }
    }

    @Test
    void theProtobufFormCarriesTheDocument() throws Exception {
        UnknownFieldSet message = UnknownFieldSet.parseFrom(OpenApiV2Protobuf.encode(doc));
        assertEquals("2.0", message.getField(1).getLengthDelimitedList().get(0).toStringUtf8());
        UnknownFieldSet definitions = UnknownFieldSet.parseFrom(message.getField(9).getLengthDelimitedList().get(0));
        assertEquals(doc.get("definitions").size(), definitions.getField(1).getLengthDelimitedList().size());
        assertTrue(OpenApiV2Protobuf.wanted("application/com.github.proto-openapi.spec.v2@v1.0+protobuf"));
        assertFalse(OpenApiV2Protobuf.wanted("application/json"));
    }
}
