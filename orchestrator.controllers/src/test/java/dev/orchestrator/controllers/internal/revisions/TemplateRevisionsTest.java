package dev.orchestrator.controllers.internal.revisions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateRevisionsTest {

    @Test
    void theTemplateOfARevisionAsTheApiServesItIsTheTemplateWritten() throws Exception {
        KubernetesSerialization json = new KubernetesSerialization();
        PodTemplateSpec template = new PodTemplateSpecBuilder().withNewMetadata().withLabels(Map.of("app", "x")).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox:1").endContainer().endSpec().build();
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = new LinkedHashMap<>(json.convertValue(template, Map.class));
        tree.put("$patch", "replace");
        // as a client reads it back: the data decoded by fabric8 (a RawExtension), not the map it was built with
        String served = "{\"apiVersion\":\"apps/v1\",\"kind\":\"ControllerRevision\",\"metadata\":{\"name\":\"x-abc\"},"
                + "\"revision\":1,\"data\":" + json.asJson(Map.of("spec", Map.of("template", tree))) + "}";
        ControllerRevision revision = json.unmarshal(served, ControllerRevision.class);
        try (var client = new KubernetesClientBuilder().withKubernetesSerialization(json).build()) {
            assertEquals(template, new TemplateRevisions(client).templateOf(revision));
        }
    }
}
