package dev.orchestrator.kubelet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.runtime.ContainerConfig.EnvVar;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceEnvironmentTest {

    private static Service service(String namespace, String name, String clusterIp, String... ports) {
        ServiceBuilder b = new ServiceBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withClusterIP(clusterIp).endSpec();
        for (String p : ports) {
            String[] parts = p.split("/"); // name/port/protocol, name may be empty
            b.editSpec().addToPorts(new ServicePortBuilder().withName(parts[0].isEmpty() ? null : parts[0])
                    .withPort(Integer.parseInt(parts[1])).withProtocol(parts.length > 2 ? parts[2] : null).build())
                    .endSpec();
        }
        return b.build();
    }

    private static final ConfigSources NO_CONFIG = new ConfigSources() {
        @Override
        public Optional<Map<String, String>> configMap(String namespace, String name) {
            return Optional.empty();
        }

        @Override
        public Optional<Map<String, String>> secret(String namespace, String name) {
            return Optional.empty();
        }
    };

    private static final Service API = service("default", "kubernetes", "10.96.0.1", "https/443/TCP");

    @Test
    void aServiceGivesItsHostPortsAndDockerLinkVariables() {
        Map<String, String> env = ServiceEnvironment.of("shop", null, List.of(
                service("shop", "web-api", "10.96.0.7", "http/80/TCP", "dns/53/UDP")));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("WEB_API_SERVICE_HOST", "10.96.0.7");
        expected.put("WEB_API_SERVICE_PORT", "80");
        expected.put("WEB_API_SERVICE_PORT_HTTP", "80");
        expected.put("WEB_API_SERVICE_PORT_DNS", "53");
        expected.put("WEB_API_PORT", "tcp://10.96.0.7:80");
        expected.put("WEB_API_PORT_80_TCP", "tcp://10.96.0.7:80");
        expected.put("WEB_API_PORT_80_TCP_PROTO", "tcp");
        expected.put("WEB_API_PORT_80_TCP_PORT", "80");
        expected.put("WEB_API_PORT_80_TCP_ADDR", "10.96.0.7");
        expected.put("WEB_API_PORT_53_UDP", "udp://10.96.0.7:53");
        expected.put("WEB_API_PORT_53_UDP_PROTO", "udp");
        expected.put("WEB_API_PORT_53_UDP_PORT", "53");
        expected.put("WEB_API_PORT_53_UDP_ADDR", "10.96.0.7");
        assertEquals(expected, env);
    }

    @Test
    void anUnnamedPortHasNoNamedVariableAndTcpIsTheDefaultProtocol() {
        Map<String, String> env = ServiceEnvironment.of("shop", true, List.of(service("shop", "db", "10.96.0.9", "/5432")));
        assertEquals("5432", env.get("DB_SERVICE_PORT"));
        assertEquals("tcp://10.96.0.9:5432", env.get("DB_PORT_5432_TCP"));
        assertEquals(7, env.size(), env.toString()); // HOST, SERVICE_PORT, PORT and the four PORT_5432_TCP ones
    }

    @Test
    void onlyTheNamespacesServicesAndTheApiServersWithAClusterIpCount() {
        Map<String, String> env = ServiceEnvironment.of("shop", null, List.of(API,
                service("default", "other", "10.96.0.20", "/80"),
                service("billing", "ledger", "10.96.0.21", "/80"),
                service("shop", "headless", "None", "/80"),
                service("shop", "external", "", "/80"),
                service("shop", "cart", "10.96.0.22", "/8080")));
        assertEquals("10.96.0.1", env.get("KUBERNETES_SERVICE_HOST"));
        assertEquals("443", env.get("KUBERNETES_SERVICE_PORT_HTTPS"));
        assertEquals("10.96.0.22", env.get("CART_SERVICE_HOST"));
        for (String absent : List.of("OTHER_SERVICE_HOST", "LEDGER_SERVICE_HOST", "HEADLESS_SERVICE_HOST",
                "EXTERNAL_SERVICE_HOST")) {
            assertFalse(env.containsKey(absent), absent + " in " + env);
        }
    }

    @Test
    void withoutServiceLinksOnlyTheApiServerIsThereAndTheNamespaceWinsANameClash() {
        Service ownKubernetes = service("shop", "kubernetes", "10.96.0.30", "/80");
        Map<String, String> off = ServiceEnvironment.of("shop", false,
                List.of(API, ownKubernetes, service("shop", "cart", "10.96.0.22", "/8080")));
        assertEquals("10.96.0.1", off.get("KUBERNETES_SERVICE_HOST"));
        assertFalse(off.containsKey("CART_SERVICE_HOST"));
        Map<String, String> on = ServiceEnvironment.of("shop", true, List.of(API, ownKubernetes));
        assertEquals("10.96.0.30", on.get("KUBERNETES_SERVICE_HOST"));
    }

    @Test
    void anIpv6ClusterIpIsBracketedInUrls() {
        Map<String, String> env = ServiceEnvironment.of("shop", null, List.of(service("shop", "v6", "fd00::7", "/80")));
        assertEquals("tcp://[fd00::7]:80", env.get("V6_PORT"));
        assertEquals("fd00::7", env.get("V6_PORT_80_TCP_ADDR"));
    }

    @Test
    void theContainersOwnVariablesWinAndMayReferToServiceVariables() throws Exception {
        ClusterServices services = namespace -> Optional.of(List.of(service("shop", "cart", "10.96.0.22", "/8080")));
        EnvResolver resolver = new EnvResolver(NO_CONFIG, services, Map.of("cpu", new Quantity("1")));
        var pod = new PodBuilder().withNewMetadata().withName("p").withNamespace("shop").endMetadata().withNewSpec()
                .endSpec().build();
        var container = new ContainerBuilder().withName("c").addNewEnv().withName("CART_SERVICE_PORT").withValue("1")
                .endEnv().addNewEnv().withName("URL").withValue("http://$(CART_SERVICE_HOST)/").endEnv().build();
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar v : resolver.resolve(pod, container, List.of(), "10.0.0.1")) {
            env.put(v.name(), v.value());
        }
        assertEquals("1", env.get("CART_SERVICE_PORT"));
        assertEquals("http://10.96.0.22/", env.get("URL"));
        assertEquals("tcp://10.96.0.22:8080", env.get("CART_PORT"));
    }

    @Test
    void aContainerWaitsUntilTheServicesHaveBeenReadOnce() {
        EnvResolver resolver = new EnvResolver(NO_CONFIG, namespace -> Optional.empty(), Map.of());
        var pod = new PodBuilder().withNewMetadata().withName("p").withNamespace("shop").endMetadata().withNewSpec()
                .endSpec().build();
        ContainerConfigException e = assertThrows(ContainerConfigException.class,
                () -> resolver.resolve(pod, new ContainerBuilder().withName("c").build(), List.of(), "10.0.0.1"));
        assertTrue(e.getMessage().contains("services have not yet been read"), e.getMessage());
    }
}
