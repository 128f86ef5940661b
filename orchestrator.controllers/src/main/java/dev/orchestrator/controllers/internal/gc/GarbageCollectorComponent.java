package dev.orchestrator.controllers.internal.gc;

import dev.orchestrator.api.controller.Reconciler;
import dev.orchestrator.client.ControllerClients;
import dev.orchestrator.controllers.internal.ReconcilerServices;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The garbage collector: registers one {@link GarbageCollectorReconciler} per followed kind
 * ({@link GcKinds}) as a {@link Reconciler} service for the controller runtime. A key names no kind,
 * so the collector cannot be one reconciler; registering the per-kind reconcilers from one
 * component keeps one configuration (PID {@code orchestrator.controllers.garbagecollector},
 * {@code enabled}) for what operators see as one controller.
 */
@Component(name = "orchestrator.controllers.garbagecollector", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = {}, immediate = true)
@Designate(ocd = GarbageCollectorConfig.class)
public final class GarbageCollectorComponent {

    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollectorComponent.class);

    private final ReconcilerServices reconcilers;

    @Activate
    public GarbageCollectorComponent(@Reference ControllerClients clients, GarbageCollectorConfig config,
                                     BundleContext context) {
        reconcilers = new ReconcilerServices(context);
        if (!config.enabled()) {
            LOG.info("garbage collector disabled by configuration");
            return;
        }
        GcWrites api = new GcWrites(clients.forAccount("generic-garbage-collector"));
        for (GcKind<?> kind : GcKinds.ALL) {
            reconcilers.register(new GarbageCollectorReconciler<>(kind, api));
        }
        LOG.info("garbage collector registered kinds={}", GcKinds.ALL.size());
    }

    @Deactivate
    void deactivate() {
        reconcilers.close();
    }
}
