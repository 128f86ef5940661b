package dev.orchestrator.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of the controller test classes: one all-in-one with one hollow node (started once per
 * class, node Ready before the first test), a fabric8 client of it, both closed after the last test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HollowNodeCluster {

    private final String node;
    private final int subnet;
    private final String[] kubeletOverrides;
    protected AllInOne cluster;
    protected KubernetesClient client;

    /** See {@link HollowNode#config} for the arguments. */
    protected HollowNodeCluster(String node, int subnet, String... kubeletOverrides) {
        this.node = node;
        this.subnet = subnet;
        this.kubeletOverrides = kubeletOverrides;
    }

    @BeforeAll
    void startCluster() throws Exception {
        java.util.Map<String, String> etc = new java.util.HashMap<>(HollowNode.config(node, subnet, kubeletOverrides));
        etc.putAll(extraEtcFiles());
        cluster = AllInOne.startWith(etc);
        client = cluster.fabric8Client();
        cluster.awaitNodeReady(node);
    }

    /** More configuration files for the all-in-one's {@code etc/} (file name → content), e.g. a controller's tuning. */
    protected java.util.Map<String, String> extraEtcFiles() {
        return java.util.Map.of();
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }
}
