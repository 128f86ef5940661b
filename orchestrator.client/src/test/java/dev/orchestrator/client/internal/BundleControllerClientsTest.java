package dev.orchestrator.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.client.ControllerClients;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceFactory;

class BundleControllerClientsTest {

    private final List<KubernetesClient> opened = new ArrayList<>();

    private KubernetesClient open(String account) {
        // never used for a request: the test only looks at which client goes where and what is closed
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("https://127.0.0.1:1").build();
        KubernetesClient client = ClientAndInformers.newClient(config, 1_000, 1_000, 4, new InformerCounters(), null);
        opened.add(client);
        return client;
    }

    @Test
    void eachAccountHasOneClientPerBundleClosedWhenTheBundleLetsGo() {
        ServiceFactory<ControllerClients> factory = BundleControllerClients.perAccount(this::open);
        ControllerClients bundleA = factory.getService(null, null);
        ControllerClients bundleB = factory.getService(null, null);
        KubernetesClient replicaSets = bundleA.forAccount("replicaset-controller");
        assertSame(replicaSets, bundleA.forAccount("replicaset-controller"));
        assertNotSame(replicaSets, bundleA.forAccount("job-controller"));
        KubernetesClient other = bundleB.forAccount("replicaset-controller");
        assertNotSame(replicaSets, other, "bundles do not share clients: one closing must not end the other's");
        factory.ungetService(null, null, bundleA);
        assertEquals(3, opened.size());
        assertTrue(opened.get(0).getHttpClient().isClosed() && opened.get(1).getHttpClient().isClosed());
        assertTrue(!other.getHttpClient().isClosed(), "bundle B's client stays open");
        factory.ungetService(null, null, bundleB);
        assertTrue(other.getHttpClient().isClosed());
    }

    @Test
    void withoutTheControllerManagerEveryAccountGetsTheSharedClientWhichStaysOpen() {
        KubernetesClient shared = open("shared");
        ServiceFactory<ControllerClients> factory = BundleControllerClients.sharedOnly(shared);
        ControllerClients clients = factory.getService(null, null);
        assertSame(shared, clients.forAccount("replicaset-controller"));
        assertSame(shared, clients.forAccount("deployment-controller"));
        factory.ungetService(null, null, clients);
        assertTrue(!shared.getHttpClient().isClosed());
        shared.close();
    }

    @Test
    void anAccountNameThatIsNoDnsSubdomainIsRefused() {
        ControllerClients clients = BundleControllerClients.perAccount(this::open).getService(null, null);
        for (String bad : new String[] {"", "Upper", "has space", "-lead", "trail-", "a/b", "x".repeat(254)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> clients.forAccount(bad));
            assertTrue(e.getMessage().contains("DNS subdomain"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> clients.forAccount(null));
        assertTrue(opened.isEmpty());
    }
}
