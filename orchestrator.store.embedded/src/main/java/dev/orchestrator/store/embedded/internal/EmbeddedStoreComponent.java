package dev.orchestrator.store.embedded.internal;

import dev.orchestrator.api.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offers the {@link EmbeddedStore} as the {@link Store} service — unless the process is configured
 * for etcd. A process on etcd must never serve, even for a moment, from a private store: writes
 * acknowledged there would be lost and two masters would each hold the leases of their own store.
 * The component therefore also reads the etcd store's configuration PID (it is reactivated when that
 * configuration comes or goes), and at start looks for the etcd configuration file itself, since
 * FileInstall loads configuration files on its own thread, possibly after this component started.
 *
 * <p>Deactivation (bundle stop or update, or the etcd configuration appearing) closes the store:
 * pending writes are committed or failed, watches end with
 * {@link dev.orchestrator.api.store.StoreUnavailableException}, threads stop and the file is released
 * for the next instance.
 *
 * <p>No {@code @Designate}: bnd allows it only on a component with a single configuration PID.
 * {@link EmbeddedStoreConfig} still types the configuration and documents its keys.
 */
@Component(service = {}, configurationPid = {EmbeddedStoreConfig.PID, EmbeddedStoreComponent.ETCD_PID},
        immediate = true)
public final class EmbeddedStoreComponent {

    /** Framework property naming the orchestrator's data directory. */
    static final String DATA_DIR_PROPERTY = "orchestrator.data.dir";

    /** The etcd store's configuration PID; its presence switches this store off. */
    static final String ETCD_PID = "orchestrator.store.etcd";

    private static final String FILEINSTALL_DIR_PROPERTY = "felix.fileinstall.dir";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStoreComponent.class);

    private final EmbeddedStore store;
    private final ServiceRegistration<Store> registration;

    @Activate
    public EmbeddedStoreComponent(EmbeddedStoreConfig config, Map<String, Object> properties, BundleContext context) {
        String etcd = etcdConfiguration(properties, context);
        if (etcd != null) {
            LOG.info("embedded store not started: the etcd store is configured ({})", etcd);
            this.store = null;
            this.registration = null;
            return;
        }
        this.store = new EmbeddedStore(new EmbeddedStore.Settings(dataDir(config, context), config.maxValueBytes(),
                config.fsync(), config.maxBatch(), config.watchBacklog(), config.watchThreads(),
                config.compactionIntervalSeconds()));
        Hashtable<String, Object> serviceProperties = new Hashtable<>();
        serviceProperties.put("orchestrator.store", "embedded");
        this.registration = context.registerService(Store.class, store, serviceProperties);
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
            store.close();
        }
    }

    /** Where the etcd store's configuration was found, or null when it is not configured. */
    private static String etcdConfiguration(Map<String, Object> properties, BundleContext context) {
        if (properties.containsKey("endpoints")) {
            return "configuration " + ETCD_PID;
        }
        String dir = context.getProperty(FILEINSTALL_DIR_PROPERTY);
        if (dir != null && !dir.isBlank()) {
            for (String suffix : new String[] {".cfg", ".config"}) {
                Path file = Path.of(dir, ETCD_PID + suffix);
                if (Files.exists(file)) {
                    return file.toString();
                }
            }
        }
        return null;
    }

    static Path dataDir(EmbeddedStoreConfig config, BundleContext context) {
        if (!config.dataDir().isBlank()) {
            return Path.of(config.dataDir());
        }
        String base = context.getProperty(DATA_DIR_PROPERTY);
        Path root = base == null || base.isBlank()
                ? Path.of(System.getProperty("user.home"), ".orchestrator") : Path.of(base);
        return root.resolve("store");
    }
}
