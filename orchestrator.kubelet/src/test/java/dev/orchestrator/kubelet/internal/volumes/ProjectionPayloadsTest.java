package dev.orchestrator.kubelet.internal.volumes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.orchestrator.kubelet.internal.ConfigSources;
import dev.orchestrator.kubelet.internal.volumes.AtomicWriter.FileContent;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFileBuilder;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ProjectedVolumeSourceBuilder;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ProjectionPayloadsTest {

    private final ConfigSources sources = new ConfigSources() {
        @Override
        public Optional<Map<String, String>> configMap(String namespace, String name) {
            return "app".equals(name) ? Optional.of(new TreeMap<>(Map.of("mode", "fast", "level", "3"))) : Optional.empty();
        }

        @Override
        public Optional<Map<String, String>> secret(String namespace, String name) {
            return "creds".equals(name) ? Optional.of(Map.of("password", "s3cret")) : Optional.empty();
        }
    };
    private final DownwardValues downward = new DownwardValues() {
        @Override
        public String field(Pod pod, String fieldPath) {
            return fieldPath.equals("metadata.name") ? pod.getMetadata().getName() : "app=\"web\"";
        }

        @Override
        public String resource(Pod pod, ResourceFieldSelector selector) {
            return "64";
        }
    };
    private final ProjectionPayloads payloads = new ProjectionPayloads(sources, downward);
    private final Pod pod = new PodBuilder().withNewMetadata().withName("web").withNamespace("shop").endMetadata().build();

    private static KeyToPath item(String key, Integer mode, String path) {
        return new io.fabric8.kubernetes.api.model.KeyToPathBuilder().withKey(key).withMode(mode).withPath(path).build();
    }

    private static Map<String, String> text(Map<String, FileContent> files) {
        Map<String, String> out = new TreeMap<>();
        files.forEach((k, v) -> out.put(k, new String(v.data(), StandardCharsets.UTF_8) + "@" + Integer.toOctalString(v.mode())));
        return out;
    }

    @Test
    void everyKeyBecomesAFileWithTheDefaultMode() throws VolumeSetupException {
        assertEquals(Map.of("level", "3@644", "mode", "fast@644"), text(payloads.configMap(pod, "app", null, null, null)));
        assertEquals(Map.of("level", "3@400", "mode", "fast@400"), text(payloads.configMap(pod, "app", List.of(), 0400, null)));
    }

    @Test
    void itemsPickKeysPathsAndModes() throws VolumeSetupException {
        List<KeyToPath> items = List.of(item("mode", 0600, "conf/mode.txt"), item("level", null, "level"));
        assertEquals(Map.of("conf/mode.txt", "fast@600", "level", "3@440"),
                text(payloads.configMap(pod, "app", items, 0440, false)));
    }

    @Test
    void missingObjectsAndKeysFailUnlessOptional() throws VolumeSetupException {
        assertEquals("configmap \"nope\" not found", assertThrows(VolumeSetupException.class,
                () -> payloads.configMap(pod, "nope", null, null, null)).getMessage());
        assertEquals("secret \"nope\" not found", assertThrows(VolumeSetupException.class,
                () -> payloads.secret(pod, "nope", null, null, false)).getMessage());
        assertEquals(Map.of(), payloads.configMap(pod, "nope", null, null, true));
        List<KeyToPath> items = List.of(item("absent", null, "x"));
        assertEquals("configmap references non-existent config key: absent", assertThrows(VolumeSetupException.class,
                () -> payloads.configMap(pod, "app", items, null, null)).getMessage());
        assertEquals(Map.of(), payloads.configMap(pod, "app", items, null, true));
    }

    @Test
    void downwardApiProjectsMetadataAndResourcesButNoStatus() throws VolumeSetupException {
        var name = new DownwardAPIVolumeFileBuilder().withPath("name").withNewFieldRef(null, "metadata.name").build();
        var labels = new DownwardAPIVolumeFileBuilder().withPath("labels").withMode(0400)
                .withNewFieldRef(null, "metadata.labels").build();
        var mem = new DownwardAPIVolumeFileBuilder().withPath("mem").withNewResourceFieldRef()
                .withContainerName("main").withResource("limits.memory").endResourceFieldRef().build();
        assertEquals(Map.of("name", "web@644", "labels", "app=\"web\"@400", "mem", "64@644"),
                text(payloads.downwardApi(pod, List.of(name, labels, mem), null)));
        var ip = new DownwardAPIVolumeFileBuilder().withPath("ip").withNewFieldRef(null, "status.podIP").build();
        assertThrows(VolumeSetupException.class, () -> payloads.downwardApi(pod, List.of(ip), null));
    }

    @Test
    void projectedMergesSourcesWithItsDefaultModeAndFailsWithoutATokenSource() throws VolumeSetupException {
        var source = new ProjectedVolumeSourceBuilder().withDefaultMode(0440)
                .addNewSource().withNewConfigMap().withName("app").addToItems(item("mode", null, "mode")).endConfigMap().endSource()
                .addNewSource().withNewSecret().withName("creds").endSecret().endSource()
                .addNewSource().withNewDownwardAPI().addNewItem().withPath("pod").withNewFieldRef(null, "metadata.name")
                .endItem().endDownwardAPI().endSource().build();
        assertEquals(Map.of("mode", "fast@440", "password", "s3cret@440", "pod", "web@440"),
                text(payloads.projected(pod, source)));
        var token = new ProjectedVolumeSourceBuilder().addNewSource().withNewServiceAccountToken().withPath("token")
                .endServiceAccountToken().endSource().build();
        assertThrows(VolumeSetupException.class, () -> payloads.projected(pod, token));
    }
}
