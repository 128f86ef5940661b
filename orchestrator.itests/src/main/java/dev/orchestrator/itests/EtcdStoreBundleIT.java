package dev.orchestrator.itests;

import dev.orchestrator.api.store.Store;
import dev.orchestrator.store.tck.EtcdServer;
import dev.orchestrator.store.tck.StoreContractTest;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The whole store contract, inside Felix, against the etcd store bundle as users run it:
 * configured through Configuration Admin, found as a {@link Store} service, with jetcd,
 * gRPC and Netty running from inside the bundle. A real etcd is started on loopback.
 */
class EtcdStoreBundleIT extends StoreContractTest {

    private EtcdServer etcd;
    private Configuration configuration;
    private ServiceTracker<Store, Store> tracker;

    @Override
    protected Store openStore() throws Exception {
        BundleContext context = FrameworkUtil.getBundle(EtcdStoreBundleIT.class).getBundleContext();
        etcd = EtcdServer.start();
        ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> cm = new ServiceTracker<>(context, ConfigurationAdmin.class, null);
        cm.open();
        configuration = cm.waitForService(10_000).getConfiguration("orchestrator.store.etcd", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("endpoints", new String[] {etcd.endpoint()});
        props.put("requestTimeoutSeconds", 20);
        props.put("maxValueBytes", MAX_VALUE_BYTES);
        props.put("watchBacklog", WATCH_BACKLOG);
        configuration.update(props);
        cm.close();
        tracker = new ServiceTracker<>(context, context.createFilter("(&(objectClass=" + Store.class.getName()
                + ")(orchestrator.store=etcd))"), null);
        tracker.open();
        Store store = tracker.waitForService(20_000);
        if (store == null) {
            throw new AssertionError("the etcd store service did not appear after configuring it");
        }
        return store;
    }

    @Override
    protected void closeStore() throws Exception {
        if (configuration != null) {
            configuration.delete();
        }
        if (tracker != null) {
            tracker.close();
        }
        if (etcd != null) {
            etcd.close();
        }
    }
}
