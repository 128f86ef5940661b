package dev.orchestrator.controllers.internal.gc;

import dev.orchestrator.api.controller.Reconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
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

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Activate
    public GarbageCollectorComponent(@Reference KubernetesClient client, GarbageCollectorConfig config,
                                     BundleContext context) {
        if (!config.enabled()) {
            LOG.info("garbage collector disabled by configuration");
            return;
        }
        GcWrites api = new GcWrites(client);
        for (GcKind<?> kind : GcKinds.ALL) {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(Reconciler.ENABLED, true);
            props.put("controller", kind.controllerName());
            registrations.add(context.registerService(Reconciler.class, new GarbageCollectorReconciler<>(kind, api),
                    props));
        }
        LOG.info("garbage collector registered kinds={}", GcKinds.ALL.size());
    }

    @Deactivate
    void deactivate() {
        registrations.forEach(ServiceRegistration::unregister);
        registrations.clear();
    }
}
