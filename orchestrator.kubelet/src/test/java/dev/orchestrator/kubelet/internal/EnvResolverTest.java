package dev.orchestrator.kubelet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.orchestrator.api.runtime.ContainerConfig.EnvVar;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvResolverTest {

    private final Map<String, Map<String, String>> configMaps = Map.of("app", new java.util.TreeMap<>(Map.of("mode", "fast", "level", "3")));
    private final Map<String, Map<String, String>> secrets = Map.of("creds", Map.of("password", "s3cret"));
    private final ConfigSources sources = new ConfigSources() {
        @Override
        public Optional<Map<String, String>> configMap(String namespace, String name) {
            return Optional.ofNullable(configMaps.get(name));
        }

        @Override
        public Optional<Map<String, String>> secret(String namespace, String name) {
            return Optional.ofNullable(secrets.get(name));
        }
    };
    private final EnvResolver resolver = new EnvResolver(sources, ClusterServices.NONE, Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi")));

    private static Pod pod(Container c) {
        return new PodBuilder().withNewMetadata().withName("web").withNamespace("shop").withUid("u-1")
                .addToLabels("app", "web").endMetadata().withNewSpec().withNodeName("node-a").withContainers(c)
                .endSpec().build();
    }

    @ParameterizedTest(name = "{0} with A=x → {1}")
    @CsvSource(delimiter = '|', value = {
        "$(A)|x",
        "pre-$(A)-post|pre-x-post",
        "$$(A)|$(A)",
        "$(MISSING)|$(MISSING)",
        "$(A|$(A",
        "100$|100$",
        "$(A)$(A)|xx",
    })
    void expand(String input, String expected) {
        assertEquals(expected, EnvResolver.expand(input, Map.of("A", "x")));
    }

    @Test
    void resolvesEverySourceInKubernetesOrder() throws Exception {
        Container c = new ContainerBuilder().withName("c").withImage("i")
                .addNewEnvFrom().withPrefix("CFG_").withNewConfigMapRef().withName("app").endConfigMapRef().endEnvFrom()
                .addNewEnv().withName("GREETING").withValue("hello").endEnv()
                .addNewEnv().withName("MESSAGE").withValue("$(GREETING) from $(POD)").endEnv()
                .addNewEnv().withName("POD").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("APP").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.labels['app']").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("NODE").withNewValueFrom().withNewFieldRef().withFieldPath("spec.nodeName").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("PASS").withNewValueFrom().withNewSecretKeyRef().withName("creds").withKey("password").endSecretKeyRef().endValueFrom().endEnv()
                .addNewEnv().withName("MEM_MI").withNewValueFrom().withNewResourceFieldRef().withResource("limits.memory")
                        .withDivisor(new Quantity("1Mi")).endResourceFieldRef().endValueFrom().endEnv()
                .build();
        List<EnvVar> env = resolver.resolve(pod(c), c, List.of("10.244.0.7"), "10.244.0.1");
        assertEquals(List.of(new EnvVar("CFG_level", "3"), new EnvVar("CFG_mode", "fast"), new EnvVar("GREETING", "hello"),
                new EnvVar("MESSAGE", "hello from $(POD)"), // POD is defined after MESSAGE
                new EnvVar("POD", "web"), new EnvVar("APP", "web"), new EnvVar("IP", "10.244.0.7"),
                new EnvVar("NODE", "node-a"), new EnvVar("PASS", "s3cret"), new EnvVar("MEM_MI", "8192")), env);
    }

    @Test
    void aMissingConfigMapOrKeyIsAConfigurationError() {
        Container missingMap = new ContainerBuilder().withName("c").withImage("i").addNewEnv().withName("X")
                .withNewValueFrom().withNewConfigMapKeyRef().withName("absent").withKey("k").endConfigMapKeyRef()
                .endValueFrom().endEnv().build();
        assertEquals("configmap \"absent\" not found",
                assertThrows(ContainerConfigException.class, () -> resolver.resolve(pod(missingMap), missingMap, List.of(), "")).getMessage());
        Container missingKey = new ContainerBuilder().withName("c").withImage("i").addNewEnv().withName("X")
                .withNewValueFrom().withNewSecretKeyRef().withName("creds").withKey("user").endSecretKeyRef()
                .endValueFrom().endEnv().build();
        assertEquals("couldn't find key user in secret creds",
                assertThrows(ContainerConfigException.class, () -> resolver.resolve(pod(missingKey), missingKey, List.of(), "")).getMessage());
        Container optional = new ContainerBuilder().withName("c").withImage("i").addNewEnv().withName("X")
                .withNewValueFrom().withNewConfigMapKeyRef().withName("absent").withKey("k").withOptional(true)
                .endConfigMapKeyRef().endValueFrom().endEnv().build();
        assertEquals(List.of(), assertDoesNotThrow(() -> resolver.resolve(pod(optional), optional, List.of(), "")));
    }

    private static <T> T assertDoesNotThrow(org.junit.jupiter.api.function.ThrowingSupplier<T> s) {
        return org.junit.jupiter.api.Assertions.assertDoesNotThrow(s);
    }
}
