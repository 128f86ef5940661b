package dev.orchestrator.apiserver.internal;

import dev.orchestrator.api.metrics.MetricSource;
import jakarta.servlet.Filter;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;

/**
 * What the API server registers for monitoring: its {@link MetricSource} (requests, store calls, watch cache) for
 * the metrics endpoint and, on a server with authentication, the filter that authorizes {@value #METRICS_PATH} as
 * Kubernetes does (RBAC {@code get} on the non-resource URL; {@link NonResourceAuthorization}), after authentication.
 */
final class MonitoringServices implements AutoCloseable {

    /** The metrics endpoint's path (its default pattern), authorized as a non-resource URL. */
    static final String METRICS_PATH = "/metrics";

    private final ServiceRegistration<MetricSource> metrics;
    private final Optional<ServiceRegistration<Filter>> authorization;

    private MonitoringServices(ServiceRegistration<MetricSource> metrics,
                               Optional<ServiceRegistration<Filter>> authorization) {
        this.metrics = metrics;
        this.authorization = authorization;
    }

    static MonitoringServices register(BundleContext context, ApiServerAssembly api, boolean secured) {
        Optional<ServiceRegistration<Filter>> filter = Optional.empty();
        if (secured) {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_PATTERN, METRICS_PATH);
            props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_NAME, "orchestrator-metrics-authorization");
            props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_ASYNC_SUPPORTED, true);
            props.put(Constants.SERVICE_RANKING, 0); // after authentication (ranked highest)
            filter = Optional.of(context.registerService(Filter.class, api.nonResourceAuthorization(), props));
        }
        return new MonitoringServices(context.registerService(MetricSource.class, api.metrics(), null), filter);
    }

    @Override
    public void close() {
        unregister(metrics);
        authorization.ifPresent(MonitoringServices::unregister);
    }

    private static void unregister(ServiceRegistration<?> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // unregistered with the stopping bundle
        }
    }
}
