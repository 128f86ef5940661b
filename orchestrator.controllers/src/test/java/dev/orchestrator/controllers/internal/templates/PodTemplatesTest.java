package dev.orchestrator.controllers.internal.templates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodTemplatesTest {

    private final PodTemplates templates = new PodTemplates(new KubernetesSerialization());

    private static PodTemplateSpec template(Map<String, String> labels, String image) {
        return new PodTemplateSpecBuilder().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage(image).endContainer().endSpec().build();
    }

    @Test
    void theHashIgnoresLabelOrderAndTheHashLabel() {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("b", "2");
        ba.put("a", "1");
        String hash = templates.hash(template(ab, "busybox:1"), null);
        assertEquals(hash, templates.hash(template(ba, "busybox:1"), null));
        assertTrue(hash.matches("[bcdfghjklmnpqrstvwxz2456789]{1,10}"), hash);
        PodTemplateSpec labelled = templates.withHash(template(ab, "busybox:1"), hash);
        assertEquals(hash, labelled.getMetadata().getLabels().get(PodTemplates.HASH_LABEL));
        assertEquals(hash, templates.hash(labelled, null));
        assertTrue(templates.equalIgnoringHash(labelled, template(ba, "busybox:1")));
    }

    @Test
    void aChangedTemplateOrCollisionCountChangesTheHash() {
        Map<String, String> labels = Map.of("app", "web");
        String hash = templates.hash(template(labels, "busybox:1"), null);
        assertNotEquals(hash, templates.hash(template(labels, "busybox:2"), null));
        assertNotEquals(hash, templates.hash(template(labels, "busybox:1"), 1));
        assertFalse(templates.equalIgnoringHash(template(labels, "busybox:1"), template(labels, "busybox:2")));
    }
}
