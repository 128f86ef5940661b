package dev.orchestrator.store.etcd.internal;

import dev.orchestrator.api.store.Store;
import dev.orchestrator.store.tck.EtcdServer;
import dev.orchestrator.store.tck.StoreContractTest;
import java.time.Duration;
import java.util.List;

/** The store contract against a real etcd started by the test on loopback. */
class EtcdStoreContractTest extends StoreContractTest {

    private EtcdServer etcd;
    private EtcdStore etcdStore;

    @Override
    protected Store openStore() throws Exception {
        etcd = EtcdServer.start();
        EtcdStore.Settings d = EtcdStore.Settings.defaults(List.of(etcd.endpoint()));
        etcdStore = new EtcdStore(new EtcdStore.Settings(d.endpoints(), d.caFile(), d.certFile(), d.keyFile(),
                Duration.ofSeconds(20), d.connectTimeout(), MAX_VALUE_BYTES, WATCH_BACKLOG, d.watchThreads()));
        return etcdStore;
    }

    @Override
    protected void closeStore() throws Exception {
        etcdStore.close();
        etcd.close();
    }
}
