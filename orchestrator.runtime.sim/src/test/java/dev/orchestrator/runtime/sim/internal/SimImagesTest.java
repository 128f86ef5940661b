package dev.orchestrator.runtime.sim.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.runtime.ImageInfo;
import dev.orchestrator.api.runtime.ImagePullException;
import dev.orchestrator.api.runtime.Images;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimImagesTest {

    private final Images images = new SimulatedRuntime("10.0.0.0/24",
            new SimBehaviour(Duration.ZERO, Duration.ZERO, List.of("registry.k8s.io/pause:3.9")),
            Clock.systemUTC()).images();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "busybox, busybox:latest",
        "busybox:1.36, busybox:1.36",
        "localhost:5000/app, localhost:5000/app:latest",
        "localhost:5000/app:v2, localhost:5000/app:v2",
        "nginx@sha256:abc, nginx@sha256:abc",
    })
    void namesAreNormalizedToAnExplicitTag(String image, String normalized) {
        assertEquals(normalized, SimImages.normalize(image));
    }

    @Test
    void preloadedImagesArePresentOthersAfterAPull() {
        assertTrue(images.status("registry.k8s.io/pause:3.9").isPresent());
        assertEquals(Optional.empty(), images.status("busybox"));

        String ref = images.pull("busybox", Optional.empty());

        ImageInfo info = images.status("busybox:latest").orElseThrow();
        assertEquals(ref, info.id());
        assertEquals(List.of("busybox:latest"), info.repoTags());
        assertEquals(List.of("busybox@" + ref), info.repoDigests());
        assertEquals(ref, images.pull("busybox:latest", Optional.empty()));
        assertEquals(2, images.list().size());
    }

    @Test
    void theSameImageHasTheSameIdOnEveryNode() {
        Images other = new SimulatedRuntime("10.0.1.0/24").images();
        assertEquals(images.pull("nginx:1.25", Optional.empty()), other.pull("nginx:1.25", Optional.empty()));
        assertTrue(images.pull("nginx:1.25", Optional.empty()).matches("sha256:[0-9a-f]{64}"));
    }

    @Test
    void imagesUnderMissingFailToPull() {
        ImagePullException e = assertThrows(ImagePullException.class,
                () -> images.pull("missing/app:1", Optional.empty()));
        assertTrue(e.getMessage().endsWith("missing/app:1: not found"), e.getMessage());
        assertEquals(Optional.empty(), images.status("missing/app:1"));
    }

    @Test
    void removeForgetsAnImageAndIgnoresAbsentOnes() {
        images.pull("busybox", Optional.empty());
        images.remove("busybox");
        images.remove("busybox");
        assertEquals(Optional.empty(), images.status("busybox"));
    }
}
