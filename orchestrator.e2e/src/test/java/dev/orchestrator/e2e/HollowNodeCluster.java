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
        cluster = AllInOne.startWith(HollowNode.config(node, subnet, kubeletOverrides));
        client = cluster.fabric8Client();
        cluster.awaitNodeReady(node);
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
