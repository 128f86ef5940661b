package dev.orchestrator.kubelet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.runtime.RegistryAuth;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImagePullerTest {

    private final KubernetesSerialization json = new KubernetesSerialization();

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "busybox, docker.io",
        "library/busybox:1, docker.io",
        "myteam/app:2, docker.io",
        "127.0.0.1:5000/busybox:1, 127.0.0.1:5000",
        "localhost/pause:1, localhost",
        "registry.example.com/team/app@sha256:abc, registry.example.com",
    })
    void registryOfAnImage(String image, String registry) {
        assertEquals(registry, ImagePuller.registryOf(image));
    }

    @Test
    void credentialsComeFromTheMatchingEntryOfADockerConfig() {
        String auth = Base64.getEncoder().encodeToString("robot:s3cret".getBytes(StandardCharsets.UTF_8));
        String config = "{\"auths\":{\"https://index.docker.io/v1/\":{\"username\":\"hub\",\"password\":\"x\"},"
                + "\"127.0.0.1:5000\":{\"auth\":\"" + auth + "\"}}}";
        Optional<RegistryAuth> local = ImagePuller.DockerConfig.authFor(json, config, "127.0.0.1:5000");
        assertEquals("robot", local.orElseThrow().username());
        assertEquals("s3cret", local.orElseThrow().password());
        assertEquals("hub", ImagePuller.DockerConfig.authFor(json, config, "docker.io").orElseThrow().username());
        assertTrue(ImagePuller.DockerConfig.authFor(json, config, "quay.io").isEmpty());
        assertTrue(ImagePuller.DockerConfig.authFor(json, "not json", "quay.io").isEmpty());
        assertTrue(ImagePuller.DockerConfig.authFor(json, "{\"auths\":{\"quay.io\":{\"auth\":\"%%%\"}}}", "quay.io")
                .map(a -> a.username().isEmpty()).orElse(true), "a broken auth field is no credential");
    }
}
