package dev.orchestrator.controllers.runtime.internal.plugins;

import dev.orchestrator.api.controller.PluginHeaders;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The extender for plugin bundles' CustomResourceDefinitions ({@link PluginHeaders#CUSTOM_RESOURCE_DEFINITIONS}):
 * each bundle that starts with the header gets its definitions applied, in the background and retried while the
 * API server cannot take them (at process start it may not listen yet). The plugin's reconciler needs no
 * ordering: its informers list again with back-off until the resource is served.
 */
@Component(name = "orchestrator.controllers.plugins", immediate = true, service = {})
public final class PluginDefinitionsComponent {

    private static final Logger LOG = LoggerFactory.getLogger(PluginDefinitionsComponent.class);

    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "plugin-definitions");
        t.setDaemon(true);
        return t;
    });
    private final BundleTracker<Bundle> tracker;

    @Activate
    public PluginDefinitionsComponent(BundleContext context, @Reference KubernetesClient client) {
        DefinitionApplier applier = new DefinitionApplier(client);
        this.tracker = new BundleTracker<>(context, Bundle.STARTING | Bundle.ACTIVE, null) {
            @Override
            public Bundle addingBundle(Bundle bundle, BundleEvent event) {
                String header = bundle.getHeaders("").get(PluginHeaders.CUSTOM_RESOURCE_DEFINITIONS);
                if (header == null || header.isBlank()) {
                    return null;
                }
                PluginDefinitions definitions = new PluginDefinitions(bundle, header);
                worker.execute(() -> apply(applier, definitions, 1));
                return bundle;
            }
        };
        tracker.open();
    }

    private void apply(DefinitionApplier applier, PluginDefinitions definitions, int attempt) {
        if (!definitions.bundleStillStarted()) {
            return;
        }
        try {
            for (var crd : definitions.read(applier.serialization())) {
                applier.apply(crd, definitions.bundleLabel());
            }
        } catch (PluginDefinitions.InvalidDefinitionException e) {
            LOG.error("plugin CustomResourceDefinitions not applied bundle={} error={}", definitions.bundleLabel(),
                    e.getMessage());
        } catch (RuntimeException e) {
            long delay = Math.min(30, 1L << Math.min(attempt, 5));
            LOG.warn("plugin CustomResourceDefinitions not applied yet, again in {} s bundle={} attempt={} error={}",
                    delay, definitions.bundleLabel(), attempt, e.toString());
            worker.schedule(() -> apply(applier, definitions, attempt + 1), delay, TimeUnit.SECONDS);
        }
    }

    @Deactivate
    void deactivate() {
        tracker.close();
        worker.shutdownNow();
    }
}
