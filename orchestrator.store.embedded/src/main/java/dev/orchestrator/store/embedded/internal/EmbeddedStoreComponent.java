package dev.orchestrator.store.embedded.internal;

import dev.orchestrator.api.store.Deletion;
import dev.orchestrator.api.store.KeyValue;
import dev.orchestrator.api.store.ListRequest;
import dev.orchestrator.api.store.ListResult;
import dev.orchestrator.api.store.Store;
import dev.orchestrator.api.store.Watch;
import dev.orchestrator.api.store.WatchListener;
import java.nio.file.Path;
import java.util.Optional;
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
@Component(configurationPid = EmbeddedStoreConfig.PID, immediate = true, property = "orchestrator.store=embedded")
@Designate(ocd = EmbeddedStoreConfig.class)
public final class EmbeddedStoreComponent implements Store {

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
    public long currentRevision() {
        return store.currentRevision();
    }

    @Override
    public Optional<KeyValue> get(String key) {
        return store.get(key);
    }

    @Override
    public ListResult list(ListRequest request) {
        return store.list(request);
    }

    @Override
    public KeyValue create(String key, byte[] value) {
        return store.create(key, value);
    }

    @Override
    public KeyValue update(String key, byte[] value, long expectedRevision) {
        return store.update(key, value, expectedRevision);
    }

    @Override
    public Deletion delete(String key, long expectedRevision) {
        return store.delete(key, expectedRevision);
    }

    @Override
    public Watch watch(String prefix, long afterRevision, WatchListener listener) {
        return store.watch(prefix, afterRevision, listener);
    }

    @Override
    public void compact(long revision) {
        store.compact(revision);
    }
}
