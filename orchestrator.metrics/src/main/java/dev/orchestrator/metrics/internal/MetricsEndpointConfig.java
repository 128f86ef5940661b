package dev.orchestrator.metrics.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator metrics endpoint",
        description = "Serves every MetricSource of this process in the Prometheus text format, to loopback clients only.")
public @interface MetricsEndpointConfig {

    String PID = "orchestrator.metrics";

    @AttributeDefinition(description = "Serve the endpoint at all.")
    boolean enabled() default true;

    @AttributeDefinition(description = "Servlet pattern on the API server's HTTP port.")
    String pattern() default "/metrics";
}
