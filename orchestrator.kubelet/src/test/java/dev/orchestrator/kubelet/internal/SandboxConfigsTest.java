package dev.orchestrator.kubelet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SandboxConfigsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            the pod's name                      | web       | -     | false | web
            spec.hostname first                 | web       | front | false | front
            a host-network pod gets none        | web       | front | true  | ''
            a long name is cut without a dash   | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-bbb | - | false | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
            """)
    void hostname(String why, String name, String hostname, boolean hostNetwork, String expected) {
        var pod = new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withHostname(hostname)
                .withHostNetwork(hostNetwork).endSpec().build();
        assertEquals(expected, SandboxConfigs.hostname(pod));
    }
}
