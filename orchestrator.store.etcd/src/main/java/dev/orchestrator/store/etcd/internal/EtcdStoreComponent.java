package dev.orchestrator.store.etcd.internal;

import dev.orchestrator.api.store.Store;
import dev.orchestrator.api.store.StoreUnavailableException;
import dev.orchestrator.store.support.ForwardingStore;
import java.time.Duration;
import java.util.Arrays;
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
@Component(service = Store.class, configurationPid = EtcdStoreConfig.PID, immediate = true, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = "orchestrator.store=etcd")
@Designate(ocd = EtcdStoreConfig.class)
public final class EtcdStoreComponent extends ForwardingStore {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdStoreComponent.class);

    private final EtcdStore store;

    /**
     * The members' URLs: a .cfg file gives them as one comma-separated string (fileinstall writes no arrays
     * there), a .config file or Configuration Admin as an array.
     */
    static List<String> endpoints(EtcdStoreConfig config) {
        return Arrays.stream(config.endpoints()).flatMap(e -> Arrays.stream(e.split(",")))
                .map(String::trim).filter(e -> !e.isEmpty()).toList();
    }

    @Activate
    public EtcdStoreComponent(EtcdStoreConfig config) {
        this.store = new EtcdStore(new EtcdStore.Settings(endpoints(config), optional(config.caFile()),
                optional(config.certFile()), optional(config.keyFile()),
                Duration.ofSeconds(config.requestTimeoutSeconds()), Duration.ofSeconds(config.connectTimeoutSeconds()),
                config.maxValueBytes(), config.watchBacklog(), config.watchThreads()));
        try {
            LOG.info("etcd store connected endpoints={} revision={}", endpoints(config), store.currentRevision());
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
    protected Store delegate() {
        return store;
    }
}
