package dev.orchestrator.store.embedded.internal;

import dev.orchestrator.api.store.Store;
import dev.orchestrator.store.support.ForwardingStore;
import java.nio.file.Path;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Offers the {@link EmbeddedStore} as the {@link Store} service. Deactivation (bundle
 * stop or update) closes the store: pending writes are committed or failed, watches end
 * with {@link dev.orchestrator.api.store.StoreUnavailableException}, threads stop and the
 * file is released for the next instance.
 */
@Component(service = Store.class, configurationPid = EmbeddedStoreConfig.PID, immediate = true,
        property = "orchestrator.store=embedded")
@Designate(ocd = EmbeddedStoreConfig.class)
public final class EmbeddedStoreComponent extends ForwardingStore {

    /** Framework property naming the orchestrator's data directory. */
    static final String DATA_DIR_PROPERTY = "orchestrator.data.dir";

    private final EmbeddedStore store;

    @Activate
    public EmbeddedStoreComponent(EmbeddedStoreConfig config, BundleContext context) {
        this.store = new EmbeddedStore(new EmbeddedStore.Settings(dataDir(config, context), config.maxValueBytes(),
                config.fsync(), config.maxBatch(), config.watchBacklog(), config.watchThreads(),
                config.compactionIntervalSeconds()));
    }

    @Deactivate
    void deactivate() {
        store.close();
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

    @Override
    protected Store delegate() {
        return store;
    }
}
