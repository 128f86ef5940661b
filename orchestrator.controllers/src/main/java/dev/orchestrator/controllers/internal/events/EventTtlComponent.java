package dev.orchestrator.controllers.internal.events;

import dev.orchestrator.client.ControllerClients;
import dev.orchestrator.controllers.internal.ReconcilerServices;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Event expiry: registers one {@link EventTtlReconciler} for core/v1 Events and one for events.k8s.io/v1 Events, which
 * are stored apart, under one configuration (PID {@code orchestrator.controllers.eventttl}).
 */
@Component(name = "orchestrator.controllers.eventttl", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = {}, immediate = true)
@Designate(ocd = EventTtlConfig.class)
public final class EventTtlComponent {

    private final ReconcilerServices reconcilers;

    @Activate
    public EventTtlComponent(@Reference ControllerClients clients, EventTtlConfig config, BundleContext context) {
        reconcilers = new ReconcilerServices(context);
        if (!config.enabled()) {
            return;
        }
        Duration ttl = Duration.ofSeconds(Math.max(1, config.ttlSeconds()));
        KubernetesClient client = clients.forAccount("event-ttl-controller");
        reconcilers.register(new EventTtlReconciler<>(Event.class, "eventttl", client, ttl, Clock.systemUTC()));
        reconcilers.register(new EventTtlReconciler<>(io.fabric8.kubernetes.api.model.events.v1.Event.class,
                "eventttl-events-k8s-io", client, ttl, Clock.systemUTC()));
    }

    @Deactivate
    void deactivate() {
        reconcilers.close();
    }
}
