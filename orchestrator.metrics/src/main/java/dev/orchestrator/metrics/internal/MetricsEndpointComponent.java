package dev.orchestrator.metrics.internal;

import dev.orchestrator.api.metrics.MetricSource;
import jakarta.servlet.Servlet;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the metrics servlet on the HTTP whiteboard beside the API server (same port; the
 * longer pattern wins over the API server's {@code /*}) and hands it every {@link MetricSource}
 * present at the time of a scrape. Registered by hand, as the admin endpoint is, so that
 * {@code enabled=false} registers nothing.
 */
@Component(configurationPid = MetricsEndpointConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true)
@Designate(ocd = MetricsEndpointConfig.class)
public final class MetricsEndpointComponent {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpointComponent.class);

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<MetricSource> sources = List.of();

    private final Optional<ServiceRegistration<Servlet>> registration;

    @Activate
    public MetricsEndpointComponent(MetricsEndpointConfig config, BundleContext context) {
        if (!config.enabled()) {
            LOG.info("metrics endpoint disabled pid={}", MetricsEndpointConfig.PID);
            this.registration = Optional.empty();
            return;
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, config.pattern());
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, "orchestrator-metrics");
        this.registration = Optional.of(context.registerService(Servlet.class,
                new MetricsServlet(() -> sources), props));
        LOG.info("metrics endpoint serving pattern={}", config.pattern());
    }

    @Deactivate
    void deactivate() {
        registration.ifPresent(r -> {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // already gone with the stopping bundle
            }
        });
    }
}
