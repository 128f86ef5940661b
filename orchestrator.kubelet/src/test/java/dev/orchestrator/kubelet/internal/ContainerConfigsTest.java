package dev.orchestrator.kubelet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.orchestrator.api.runtime.ContainerConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerConfigsTest {

    private static Container withResources(Map<String, String> requests, Map<String, String> limits) {
        ContainerBuilder b = new ContainerBuilder().withName("c").withImage("busybox").withNewResources().endResources();
        requests.forEach((k, v) -> b.editResources().addToRequests(k, new Quantity(v)).endResources());
        limits.forEach((k, v) -> b.editResources().addToLimits(k, new Quantity(v)).endResources());
        return b.build();
    }

    @Test
    void limitsBecomeCgroupSettings() {
        assertEquals(new ContainerConfig.Resources(512, 100_000, 100_000, 128L * 1024 * 1024),
                ContainerConfigs.resources(withResources(Map.of("cpu", "500m"), Map.of("cpu", "1", "memory", "128Mi"))));
        assertEquals(new ContainerConfig.Resources(2, 0, 0, 0), ContainerConfigs.resources(withResources(Map.of(), Map.of())));
        // a limit without a request is the request too
        assertEquals(new ContainerConfig.Resources(256, 25_000, 100_000, 0),
                ContainerConfigs.resources(withResources(Map.of(), Map.of("cpu", "250m"))));
    }

    @Test
    void theHashChangesWithTheImageOnly() {
        Container a = new ContainerBuilder().withName("c").withImage("busybox:1").withCommand("sleep", "1").build();
        Container same = new ContainerBuilder().withName("c").withImage("busybox:1").withCommand("sleep", "1")
                .withNewResources().addToLimits("cpu", new Quantity("1")).endResources().build();
        Container other = new ContainerBuilder().withName("c").withImage("busybox:2").withCommand("sleep", "1").build();
        assertEquals(ContainerConfigs.hash(a), ContainerConfigs.hash(same));
        assertNotEquals(ContainerConfigs.hash(a), ContainerConfigs.hash(other));
    }
}
