package dev.orchestrator.store.etcd.internal;

import dev.orchestrator.api.store.Deletion;
import dev.orchestrator.api.store.KeyValue;
import dev.orchestrator.api.store.ListRequest;
import dev.orchestrator.api.store.ListResult;
import dev.orchestrator.api.store.Store;
import dev.orchestrator.api.store.StoreUnavailableException;
import dev.orchestrator.api.store.Watch;
import dev.orchestrator.api.store.WatchListener;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offers the {@link EtcdStore} as the {@link Store} service once a configuration with
 * PID {@value EtcdStoreConfig#PID} exists. Its ranking (100 by default) makes consumers
 * prefer it over the embedded store.
 */
@Component(configurationPid = EtcdStoreConfig.PID, immediate = true, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = "orchestrator.store=etcd")
@Designate(ocd = EtcdStoreConfig.class)
public final class EtcdStoreComponent implements Store {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdStoreComponent.class);

    private final EtcdStore store;

    @Activate
    public EtcdStoreComponent(EtcdStoreConfig config) {
        this.store = new EtcdStore(new EtcdStore.Settings(List.of(config.endpoints()), optional(config.caFile()),
                optional(config.certFile()), optional(config.keyFile()),
                Duration.ofSeconds(config.requestTimeoutSeconds()), Duration.ofSeconds(config.connectTimeoutSeconds()),
                config.maxValueBytes(), config.watchBacklog(), config.watchThreads()));
        try {
            LOG.info("etcd store connected endpoints={} revision={}", List.of(config.endpoints()), store.currentRevision());
        } catch (StoreUnavailableException e) {
            // Stay registered: calls fail with this error until etcd answers, then work again.
            LOG.warn("etcd store registered but etcd is not reachable yet: {}", e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        store.close();
    }

    private static Optional<String> optional(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
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
